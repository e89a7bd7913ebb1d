package io.capstan.source.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
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

  private BucketClient(S3Client s3) {
    this.s3 = s3;
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
    return new BucketClient(s3);
  }

  /** Whether the bucket exists (a HEAD request). */
  public boolean bucketExists(String bucket) throws BucketException {
    try {
      s3.headBucket(r -> r.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure(e);
    } catch (SdkException e) {
      throw failure(e);
    }
  }

  /** Lists every object under {@code prefix} (all pages), calling {@code visitor} for each. */
  public void visitObjects(String bucket, String prefix, Consumer<ObjectInfo> visitor)
      throws BucketException {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
    if (prefix != null && !prefix.isEmpty()) {
      request.prefix(prefix);
    }
    try {
      for (S3Object o : s3.listObjectsV2Paginator(request.build()).contents()) {
        visitor.accept(new ObjectInfo(o.key(), EtagIndex.unquote(o.eTag()), sizeOf(o)));
      }
    } catch (SdkException e) {
      throw failure(e);
    }
  }

  /**
   * Downloads {@code key} to {@code target} (parents created), refusing more than {@code maxBytes}
   * bytes; returns the object's ETag, or null when the object does not exist.
   */
  public String getObject(String bucket, String key, Path target, long maxBytes)
      throws BucketException {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
      Long length = in.response().contentLength();
      if (length != null && length > maxBytes) {
        in.abort();
        throw tooLarge(key, length, maxBytes);
      }
      Files.createDirectories(target.getParent());
      copyBounded(in, target, key, maxBytes);
      return EtagIndex.unquote(in.response().eTag());
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw failure(e);
    } catch (SdkException e) {
      throw failure(e);
    } catch (IOException e) {
      throw new BucketException("failed to write '" + key + "': " + e.getMessage(), e);
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

  @Override
  public void close() {
    s3.close();
  }
}
