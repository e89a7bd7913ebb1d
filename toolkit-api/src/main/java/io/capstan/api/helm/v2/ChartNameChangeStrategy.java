package io.capstan.api.helm.v2;

/** What an upgrade does when the chart name changes. */
public enum ChartNameChangeStrategy {
  /** Upgrade the release in place. */
  InPlaceUpdate,
  /** Uninstall the existing release and install anew (the default). */
  Reinstall
}
