package io.capstan.helm.controller;

import io.capstan.helm.action.ActionPhases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link ActionPhases} on Micrometer: one timer {@value #NAME} per phase (tag {@code phase}), on
 * {@code /metrics} as {@code capstan_helmrelease_phase_seconds_count|sum|max}. The phases are the
 * reconcile's steps ({@code step:<name>}), its status writes, the release observation, each action
 * ({@code action:<kind>}) and, inside the actions, render, CRDs, storage reads and writes, apply,
 * the health wait and hooks (see {@link io.capstan.helm.action.HelmActions}).
 */
public final class ReleasePhaseTimers implements ActionPhases {

  /** The meter name. */
  public static final String NAME = "capstan.helmrelease.phase";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /** Timers in {@code registry}. */
  public ReleasePhaseTimers(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void record(String phase, long nanos) {
    timers
        .computeIfAbsent(
            phase,
            p ->
                Timer.builder(NAME)
                    .description("Time spent in one phase of a HelmRelease reconcile")
                    .tag("phase", p)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
