package io.capstan.helm.controller.lifecycle;

import java.time.Duration;

/** What the state machine decided to do next: one Helm action, or why none. */
public sealed interface NextAction {

  /** The kind of action, for Flux's "run each kind once per reconcile" rule. */
  enum Type {
    RELEASE,
    TEST,
    REMEDIATE,
    UNLOCK,
    DRIFT_CORRECTION,
    NONE
  }

  /** The kind of this action. */
  Type type();

  /** The action's name in messages ({@code install}, {@code upgrade}, ...). */
  String name();

  /** {@code helm install}. */
  record Install() implements NextAction {
    @Override
    public Type type() {
      return Type.RELEASE;
    }

    @Override
    public String name() {
      return "install";
    }
  }

  /** {@code helm upgrade}. */
  record Upgrade() implements NextAction {
    @Override
    public Type type() {
      return Type.RELEASE;
    }

    @Override
    public String name() {
      return "upgrade";
    }
  }

  /** {@code helm test}. */
  record Test() implements NextAction {
    @Override
    public Type type() {
      return Type.TEST;
    }

    @Override
    public String name() {
      return "test";
    }
  }

  /** Remediation by {@code helm rollback} to {@code toVersion}. */
  record Rollback(int toVersion) implements NextAction {
    @Override
    public Type type() {
      return Type.REMEDIATE;
    }

    @Override
    public String name() {
      return "rollback";
    }
  }

  /** Remediation by {@code helm uninstall}. */
  record Uninstall() implements NextAction {
    @Override
    public Type type() {
      return Type.REMEDIATE;
    }

    @Override
    public String name() {
      return "uninstall";
    }
  }

  /** Marks a stale {@code pending-*} release as failed (Flux's unlock). */
  record Unlock(int version, String status) implements NextAction {
    @Override
    public Type type() {
      return Type.UNLOCK;
    }

    @Override
    public String name() {
      return "unlock";
    }
  }

  /** Re-applies the release manifest to undo drift. */
  record CorrectDrift() implements NextAction {
    @Override
    public Type type() {
      return Type.DRIFT_CORRECTION;
    }

    @Override
    public String name() {
      return "correct cluster drift";
    }
  }

  /** Nothing to do: the release is as desired (or drift is only reported). */
  record Done() implements NextAction {
    @Override
    public Type type() {
      return Type.NONE;
    }

    @Override
    public String name() {
      return "none";
    }
  }

  /**
   * Nothing may be done until the spec changes or a force/reset request: {@code Stalled=True}.
   *
   * @param reason {@code RetriesExceeded} or {@code MissingRollbackTarget}
   * @param message Flux's message
   */
  record Stall(String reason, String message) implements NextAction {
    @Override
    public Type type() {
      return Type.NONE;
    }

    @Override
    public String name() {
      return "stall";
    }
  }

  /** {@code RetryOnFailure}: retry the failed action after {@code after}. */
  record RetryLater(Duration after) implements NextAction {
    @Override
    public Type type() {
      return Type.NONE;
    }

    @Override
    public String name() {
      return "retry later";
    }
  }

  /** The state could not be determined or acted on; retried with backoff. */
  record Error(String message) implements NextAction {
    @Override
    public Type type() {
      return Type.NONE;
    }

    @Override
    public String name() {
      return "error";
    }
  }
}
