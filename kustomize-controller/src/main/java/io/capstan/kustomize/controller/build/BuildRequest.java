package io.capstan.kustomize.controller.build;

import io.capstan.api.kustomize.v1.Kustomization;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One build of one Kustomization, as a {@link BuildExtension} sees it.
 *
 * @param kustomization the object being reconciled (read only)
 * @param root the extracted artifact; files must not be written outside it
 * @param dir {@code spec.path} under {@code root}, the directory kustomize builds
 * @param secretValues takes every secret value the build reads (e.g. {@code
 *     ReconcileContext::redact}), so messages quoting it are masked
 */
public record BuildRequest(
    Kustomization kustomization, Path root, Path dir, Consumer<String> secretValues) {}
