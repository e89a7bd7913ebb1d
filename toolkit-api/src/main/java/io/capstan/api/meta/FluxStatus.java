package io.capstan.api.meta;

import java.util.List;

/**
 * What every reconciled Flux kind's status has: conditions, the generation they describe, and the
 * last handled {@code reconcile.fluxcd.io/requestedAt} token. The shared runtime works through this
 * interface, so each kind's status class stays a plain bean.
 */
public interface FluxStatus {

  List<Condition> getConditions();

  void setConditions(List<Condition> conditions);

  Long getObservedGeneration();

  void setObservedGeneration(Long observedGeneration);

  String getLastHandledReconcileAt();

  void setLastHandledReconcileAt(String lastHandledReconcileAt);
}
