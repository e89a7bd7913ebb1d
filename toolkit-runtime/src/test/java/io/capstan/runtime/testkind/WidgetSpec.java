package io.capstan.runtime.testkind;

import io.capstan.api.meta.Suspendable;

/** Spec of the test kind. */
public class WidgetSpec implements Suspendable {
  private String interval;
  private Boolean suspend;

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
