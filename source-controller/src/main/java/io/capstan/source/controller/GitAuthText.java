package io.capstan.source.controller;

import java.net.URI;
import java.net.URISyntaxException;

/** Renders URLs for messages without their user info (which may hold a password). */
final class GitAuthText {

  private GitAuthText() {}

  /** {@code url} without user info; unparsable URLs are cut at the last {@code @}. */
  static String redactUrl(String url) {
    if (url == null) {
      return "";
    }
    try {
      URI uri = new URI(url);
      if (uri.getRawUserInfo() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      int at = url.lastIndexOf('@');
      return at < 0 ? url : "***" + url.substring(at);
    }
  }
}
