package io.capstan.api.helm.v2;

/** Whether a Helm action uses server-side apply. */
public enum ServerSideApplyMode {
  /** Always use server-side apply. */
  enabled,
  /** Never use server-side apply. */
  disabled,
  /** Follow what the previous release used (the default). */
  auto
}
