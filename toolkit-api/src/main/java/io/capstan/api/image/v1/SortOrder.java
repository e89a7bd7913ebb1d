package io.capstan.api.image.v1;

/**
 * Which end of an ordered tag list an alphabetical or numerical policy picks: {@code asc} picks the
 * greatest tag, {@code desc} the smallest.
 */
public enum SortOrder {
  asc,
  desc
}
