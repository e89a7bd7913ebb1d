package io.capstan.source.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 operations a Bucket needs, on the AWS SDK v2 client with the JDK {@code URLConnection}
 * HTTP client (the only HTTP client: no Netty, no Apache). Path-style addressing is used except for
 * AWS hosts, as the minio client Flux uses decides. One instance per reconcile; close it.
 */
public final class BucketClient implements AutoCloseable {

  /** One listed object. */
  public record ObjectInfo(String key, String etag, long size) {}

  private final S3Client s3;
  private final Duration timeout;
  private final PhaseDeadline deadline;

  private BucketClient(S3Client s3, Duration timeout, PhaseDeadline deadline) {
    this.s3 = s3;
    this.timeout = timeout;
    this.deadline = deadline;
  }

  /**
   * This client (same connections) with one deadline, {@code spec.timeout} from now, over every
   * call made through the returned view, as Flux bounds a whole fetch phase with {@code
   * context.WithTimeout}: each call gets at most the time left, none starts after the deadline, and
   * an object still streaming when it passes is aborted; the call then fails with {@code context
   * deadline exceeded (timeout ...)}. Closing the view disarms the deadline, not the client.
   */
  public BucketClient withDeadline() {
    return new BucketClient(s3, timeout, new PhaseDeadline(timeout));
  }

  /** Fails now when the deadline of this view has passed. */
  private void checkDeadline() throws BucketException {
    if (deadline != null && deadline.expired()) {
      throw deadline.exceeded(null);
    }
  }

  /** The deadline's error when it has passed (whatever the call failed with), else {@code e}. */
  private BucketException failed(BucketException e) {
    return deadline != null && deadline.expired() ? deadline.exceeded(e) : e;
  }

  /** Bounds one S3 call by the time left before the deadline (and by {@code spec.timeout}). */
  private <B extends AwsRequest.Builder> B bound(B request) {
    if (deadline != null) {
      Duration left = deadline.remaining();
      Duration call = left.compareTo(timeout) < 0 ? left : timeout;
      request.overrideConfiguration(o -> o.apiCallTimeout(call));
    }
    return request;
  }

  /** A client for {@code settings}. */
  public static BucketClient create(BucketSettings settings) {
    UrlConnectionHttpClient.Builder http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(settings.timeout())
            .socketTimeout(settings.timeout());
    if (settings.trustManagers() != null) {
      http.tlsTrustManagersProvider(settings::trustManagers);
    }
    if (settings.keyManagers() != null) {
      http.tlsKeyManagersProvider(settings::keyManagers);
    }
    if (settings.proxy() != null) {
      ProxyConfiguration.Builder proxy =
          ProxyConfiguration.builder()
              .endpoint(settings.proxy().address())
              .useSystemPropertyValues(false)
              .useEnvironmentVariablesValues(false);
      if (settings.proxy().username() != null) {
        proxy.username(settings.proxy().username()).password(settings.proxy().password());
      }
      http.proxyConfiguration(proxy.build());
    }
    AwsCredentialsProvider credentials;
    if (settings.credentials() != null) {
      credentials =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  settings.credentials().accessKey(), settings.credentials().secretKey()));
    } else if (settings.useDefaultChain()) {
      credentials = DefaultCredentialsProvider.builder().build();
    } else {
      credentials = AnonymousCredentialsProvider.create();
    }
    String region =
        settings.region() == null || settings.region().isBlank() ? "us-east-1" : settings.region();
    String host = settings.endpointUrl().getHost();
    boolean aws = host != null && host.toLowerCase(Locale.ROOT).endsWith(".amazonaws.com");
    S3Client s3 =
        S3Client.builder()
            .endpointOverride(settings.endpointUrl())
            .region(Region.of(region))
            .forcePathStyle(!aws)
            .crossRegionAccessEnabled(settings.region() == null || settings.region().isBlank())
            .credentialsProvider(credentials)
            .httpClient(http.build())
            .overrideConfiguration(
                c -> c.apiCallTimeout(settings.timeout()).retryStrategy(r -> r.maxAttempts(3)))
            .build();
    return new BucketClient(s3, settings.timeout(), null);
  }

  /** Whether the bucket exists (a HEAD request). */
  public boolean bucketExists(String bucket) throws BucketException {
    checkDeadline();
    try {
      s3.headBucket(r -> bound(r.bucket(bucket)));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failed(failure(e));
    } catch (SdkException e) {
      throw failed(failure(e));
    }
  }

  /** Lists every object under {@code prefix} (all pages), calling {@code visitor} for each. */
  public void visitObjects(String bucket, String prefix, Consumer<ObjectInfo> visitor)
      throws BucketException {
    String token = null;
    try {
      do {
        checkDeadline();
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
        if (prefix != null && !prefix.isEmpty()) {
          request.prefix(prefix);
        }
        if (token != null) {
          request.continuationToken(token);
        }
        ListObjectsV2Response page = s3.listObjectsV2(bound(request).build());
        for (S3Object o : page.contents()) {
          visitor.accept(new ObjectInfo(o.key(), EtagIndex.unquote(o.eTag()), sizeOf(o)));
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw failed(failure(e));
    }
  }

  /**
   * Downloads {@code key} to {@code target} (parents created), refusing more than {@code maxBytes}
   * bytes; returns the object's ETag, or null when the object does not exist.
   */
  public String getObject(String bucket, String key, Path target, long maxBytes)
      throws BucketException {
    checkDeadline();
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(r -> bound(r.bucket(bucket).key(key)))) {
      Runnable disarm = deadline == null ? () -> {} : deadline.onExpiry(in::abort);
      try {
        Long length = in.response().contentLength();
        if (length != null && length > maxBytes) {
          in.abort();
          throw tooLarge(key, length, maxBytes);
        }
        Files.createDirectories(target.getParent());
        copyBounded(in, target, key, maxBytes);
        if (deadline != null && deadline.expired()) {
          throw deadline.exceeded(null); // aborted mid-body: whatever was read is not the object
        }
        return EtagIndex.unquote(in.response().eTag());
      } finally {
        disarm.run();
      }
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw failed(failure(e));
    } catch (SdkException e) {
      throw failed(failure(e));
    } catch (IOException e) {
      throw failed(new BucketException("failed to write '" + key + "': " + e.getMessage(), e));
    }
  }

  private static void copyBounded(InputStream in, Path target, String key, long maxBytes)
      throws IOException, BucketException {
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(key, total, maxBytes);
        }
        out.write(buf, 0, n);
      }
    }
  }

  static BucketException tooLarge(String key, long size, long maxBytes) {
    return new BucketException(
        "object '"
            + key
            + "' is "
            + (size > maxBytes ? "larger than" : "at")
            + " the size limit of "
            + maxBytes
            + " bytes");
  }

  private static long sizeOf(S3Object o) {
    return o.size() == null ? 0 : o.size();
  }

  /** A message without request internals, e.g. {@code S3 error 403 (AccessDenied): Forbidden}. */
  static BucketException failure(SdkException e) {
    if (e instanceof SdkServiceException service) {
      String code =
          e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
              ? s3e.awsErrorDetails().errorCode()
              : null;
      String message =
          e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
              ? s3e.awsErrorDetails().errorMessage()
              : e.getMessage();
      return new BucketException(
          "S3 error "
              + service.statusCode()
              + (code == null ? "" : " (" + code + ")")
              + (message == null ? "" : ": " + message),
          e);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail =
        root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
    return new BucketException(detail, e);
  }

  /** Closes the client; for a {@link #withDeadline} view, only disarms its deadline. */
  @Override
  public void close() {
    if (deadline != null) {
      deadline.close();
    } else {
      s3.close();
    }
  }
}
