package io.capstan.image.automation.commit;

import io.capstan.gotemplate.Functions;
import io.capstan.gotemplate.TemplateException;
import io.capstan.gotemplate.TemplateOptions;
import io.capstan.gotemplate.TemplateSet;
import io.capstan.image.automation.update.UpdateResult;
import java.util.List;
import java.util.Map;

/**
 * Renders an ImageUpdateAutomation's commit message as Flux does: {@code
 * spec.git.commit.messageTemplate} (or Flux's default, {@value #DEFAULT_TEMPLATE}) is a Go {@code
 * text/template} named {@code commit message}, with Sprig's hermetic functions (no {@code now},
 * {@code date}, {@code rand*}, {@code uuidv4}, {@code env}, {@code expandenv}, {@code
 * getHostByName}: the message depends only on the change), run on {@link TemplateData}.
 *
 * <pre>{@code
 * String message = CommitMessage.render(
 *     spec.getGit().getCommit().getMessageTemplate(), namespace, name, result,
 *     spec.getGit().getCommit().getMessageTemplateValues());
 * }</pre>
 */
public final class CommitMessage {

  /** Flux's message when the spec has no template. */
  public static final String DEFAULT_TEMPLATE = "Update from image update automation";

  /** The template's name in error messages, as in Flux. */
  static final String TEMPLATE_NAME = "commit message";

  /** sprig's nonhermeticFunctions, removed as Flux's {@code sprig.HermeticTxtFuncMap()} does. */
  static final List<String> NON_HERMETIC =
      List.of(
          "date",
          "date_in_zone",
          "date_modify",
          "now",
          "htmlDate",
          "htmlDateInZone",
          "dateInZone",
          "dateModify",
          "randAlphaNum",
          "randAlpha",
          "randAscii",
          "randNumeric",
          "uuidv4",
          "env",
          "expandenv",
          "getHostByName");

  private static final Functions FUNCTIONS = hermetic();

  private CommitMessage() {}

  /**
   * The commit message for {@code changed}, made by automation {@code namespace/name}.
   *
   * @param messageTemplate the spec's template; null or empty for Flux's default
   * @param values {@code spec.git.commit.messageTemplateValues} ({@code .Values}); may be null
   * @throws CommitMessageException if the template does not parse or fails to run
   */
  public static String render(
      String messageTemplate,
      String namespace,
      String name,
      UpdateResult changed,
      Map<String, String> values)
      throws CommitMessageException {
    String text =
        messageTemplate == null || messageTemplate.isEmpty() ? DEFAULT_TEMPLATE : messageTemplate;
    TemplateSet set = TemplateSet.create(FUNCTIONS, TemplateOptions.defaults());
    try {
      set.parse(TEMPLATE_NAME, text);
    } catch (TemplateException e) {
      throw new CommitMessageException(
          "unable to create commit message template from spec: " + e.getMessage(), true, e);
    }
    try {
      return set.execute(TEMPLATE_NAME, new TemplateData(namespace, name, changed, values));
    } catch (TemplateException e) {
      throw new CommitMessageException(
          "failed to run template from spec: " + e.getMessage(), false, e);
    }
  }

  private static Functions hermetic() {
    Functions f = Functions.sprig();
    for (String name : NON_HERMETIC) {
      f = f.without(name);
    }
    return f;
  }
}
