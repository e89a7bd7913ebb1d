/**
 * Types that several Flux APIs embed and that belong to none of them alone: kustomize's images,
 * patches and selectors, custom health checks, common metadata, drift-ignore rules and the
 * inventory of applied objects (Flux keeps most of them in {@code fluxcd/pkg/apis/kustomize}).
 * Kustomization ({@code kustomize.toolkit.fluxcd.io/v1}) and HelmRelease ({@code
 * helm.toolkit.fluxcd.io/v2}) both use them, so neither API package imports the other.
 */
package io.capstan.api.common;
