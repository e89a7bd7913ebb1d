package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import java.util.Objects;

/**
 * Which layer of an OCI artifact becomes the {@link OCIRepository}'s artifact, and how. Equality
 * covers the declared fields, so a controller can compare {@code spec.layerSelector} with {@code
 * status.observedLayerSelector}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OCILayerSelector extends ExtensibleObject {

  @JsonPropertyDescription(
      "MediaType is the OCI media type of the layer to extract from the OCI artifact; the first"
          + " layer with this type is selected.")
  private String mediaType;

  @JsonPropertyDescription(
      "Operation specifies how the selected layer is processed: 'extract' (the default)"
          + " extracts its compressed content to storage, 'copy' stores the compressed content"
          + " as it is.")
  private OCILayerOperation operation;

  public String getMediaType() {
    return mediaType;
  }

  public void setMediaType(String mediaType) {
    this.mediaType = mediaType;
  }

  public OCILayerOperation getOperation() {
    return operation;
  }

  public void setOperation(OCILayerOperation operation) {
    this.operation = operation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OCILayerSelector s
        && Objects.equals(mediaType, s.mediaType)
        && operation == s.operation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(mediaType, operation);
  }
}
