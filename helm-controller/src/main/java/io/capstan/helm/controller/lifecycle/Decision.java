package io.capstan.helm.controller.lifecycle;

import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import java.util.List;

/**
 * A decision of the state machine: the next action, the state it was decided from, the history to
 * keep (Flux truncates it after a success, before a remediation, and clears it for an unmanaged
 * release), and whether a stale {@code Remediated} condition becomes {@code Released=True
 * UpgradeSucceeded} (the current release already matches after a rollback).
 */
public record Decision(
    NextAction action,
    ReleaseState state,
    List<HelmReleaseSnapshot> history,
    boolean remediatedToReleased) {

  /** Copies the history. */
  public Decision {
    history = List.copyOf(history);
  }
}
