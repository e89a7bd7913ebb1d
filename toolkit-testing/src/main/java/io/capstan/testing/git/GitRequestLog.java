package io.capstan.testing.git;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What clients asked a test Git server for, in order. A clone or fetch that transfers objects shows
 * up as an {@link Kind#UPLOAD_PACK} request; {@code ls-remote} only as a {@link
 * Kind#REF_ADVERTISEMENT}. So {@code uploadPacks() == 0} proves that no clone happened.
 */
public final class GitRequestLog {

  /** The Git protocol step a request belongs to. */
  public enum Kind {
    /** HTTP {@code GET /info/refs?service=...}: the server lists its refs. */
    REF_ADVERTISEMENT,
    /** The client asked for objects: clone or fetch ({@code want} lines to upload-pack). */
    UPLOAD_PACK,
    /** Objects received from the client: push ({@code git-receive-pack}). */
    RECEIVE_PACK,
    /** Anything else. */
    OTHER
  }

  /**
   * One request.
   *
   * @param method HTTP method, or {@code SSH} for an SSH exec request
   * @param target request path and query, or the SSH command line
   * @param authorized false if the server rejected the credentials
   * @param kind the protocol step
   */
  public record Request(String method, String target, boolean authorized, Kind kind) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();

  void record(String method, String target, boolean authorized, Kind kind) {
    requests.add(new Request(method, target, authorized, kind));
  }

  /**
   * The kind of an HTTP request from its path and, for upload-pack, whether its body asked for
   * objects.
   */
  static Kind classifyHttp(String path, boolean wantsObjects) {
    if (path.endsWith("/info/refs")) {
      return Kind.REF_ADVERTISEMENT;
    }
    if (path.endsWith("/git-upload-pack")) {
      return wantsObjects ? Kind.UPLOAD_PACK : Kind.REF_ADVERTISEMENT;
    }
    return path.endsWith("/git-receive-pack") ? Kind.RECEIVE_PACK : Kind.OTHER;
  }

  /** True if a client's upload-pack request bytes contain a {@code want} line. */
  static boolean wantsObjects(byte[] request) {
    return WantDetector.contains(request, 0, request.length);
  }

  /** Every request so far, oldest first. */
  public List<Request> all() {
    return List.copyOf(requests);
  }

  /** Authorized requests that transferred objects to a client (clones and fetches). */
  public long uploadPacks() {
    return count(Kind.UPLOAD_PACK);
  }

  /** Authorized pushes. */
  public long receivePacks() {
    return count(Kind.RECEIVE_PACK);
  }

  /** Authorized ref listings (every clone, fetch, push and ls-remote starts with one over HTTP). */
  public long refAdvertisements() {
    return count(Kind.REF_ADVERTISEMENT);
  }

  /** Requests rejected for missing or wrong credentials. */
  public long unauthorized() {
    return requests.stream().filter(r -> !r.authorized()).count();
  }

  /** Forgets everything recorded so far. */
  public void clear() {
    requests.clear();
  }

  private long count(Kind kind) {
    return requests.stream().filter(r -> r.authorized() && r.kind() == kind).count();
  }
}
