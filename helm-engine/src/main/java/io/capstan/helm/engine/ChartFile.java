package io.capstan.helm.engine;

import java.nio.charset.StandardCharsets;

/** A file of a chart: its path relative to the chart root ({@code templates/x.yaml}) and bytes. */
public record ChartFile(String name, byte[] data) {
  /** The content as UTF-8 text. */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }
}
