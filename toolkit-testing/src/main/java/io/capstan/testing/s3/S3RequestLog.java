package io.capstan.testing.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The requests an {@link S3Server} received through its endpoint, in arrival order. Requests made
 * by the fixture's own seeding helpers ({@link S3Server#putObject}, ...) bypass the endpoint and
 * are never recorded, so a test sees only what the code under test asked for.
 */
public final class S3RequestLog {

  private final List<S3Request> requests = new ArrayList<>();

  synchronized void add(S3Request request) {
    requests.add(request);
  }

  /** A snapshot of every request so far. */
  public synchronized List<S3Request> all() {
    return List.copyOf(requests);
  }

  /** How many requests so far match {@code filter}. */
  public synchronized long count(Predicate<S3Request> filter) {
    return requests.stream().filter(filter).count();
  }

  /** Object GETs so far (downloads), see {@link S3Request#isObjectGet()}. */
  public synchronized List<S3Request> objectGets() {
    return requests.stream().filter(S3Request::isObjectGet).toList();
  }

  /** Forgets every request recorded so far. */
  public synchronized void clear() {
    requests.clear();
  }
}
