package io.capstan.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/template lexer (text/template/parse/lex.go), producing the whole token list eagerly.
 */
final class Lexer {
  enum T {
    ERROR,
    BOOL,
    CHAR,
    CHAR_CONSTANT,
    COMMENT,
    ASSIGN,
    DECLARE,
    EOF,
    FIELD,
    IDENTIFIER,
    LEFT_DELIM,
    LEFT_PAREN,
    NUMBER,
    PIPE,
    RAW_STRING,
    RIGHT_DELIM,
    RIGHT_PAREN,
    SPACE,
    STRING,
    TEXT,
    VARIABLE,
    // keywords
    BLOCK,
    BREAK,
    CONTINUE,
    DOT,
    DEFINE,
    ELSE,
    END,
    IF,
    NIL,
    RANGE,
    TEMPLATE,
    WITH;

    boolean isKeyword() {
      return ordinal() >= BLOCK.ordinal();
    }
  }

  /** A token: type, text, offset in the input and 1-based line. */
  record Item(T typ, String val, int pos, int line) {
    @Override
    public String toString() {
      if (typ == T.EOF) {
        return "EOF";
      }
      if (typ == T.ERROR) {
        return val;
      }
      if (typ.isKeyword()) {
        return "<" + val + ">";
      }
      if (val.length() > 10) {
        return GoFmt.quote(val.substring(0, 10)) + "...";
      }
      return GoFmt.quote(val);
    }
  }

  private final String input;
  private final String left;
  private final String right;
  private final List<Item> items = new ArrayList<>();
  private int pos;
  private int start;
  private int line = 1;
  private int startLine = 1;
  private int parenDepth;

  private Lexer(String input, String left, String right) {
    this.input = input;
    this.left = left;
    this.right = right;
  }

  static List<Item> lex(String input, String left, String right) {
    Lexer l = new Lexer(input, left, right);
    l.run();
    return l.items;
  }

  private static final int EOF_CH = -1;

  private void run() {
    // state machine: true = text, false = inside action
    boolean inText = true;
    while (true) {
      if (inText) {
        int r = lexText();
        if (r == 0) {
          return;
        }
        inText = r == 1;
        if (r == 3) {
          return;
        }
      } else {
        int r = lexInsideAction();
        if (r == 3) {
          return;
        }
        inText = r == 1;
      }
    }
  }

  // returns 0 at EOF (emitted), 1 stay in text, 2 go inside action, 3 error
  private int lexText() {
    int x = input.indexOf(left, pos);
    if (x >= 0) {
      if (x > pos) {
        pos = x;
        int trimLength = 0;
        int delimEnd = pos + left.length();
        if (hasLeftTrimMarker(delimEnd)) {
          trimLength = rightTrimLength(start, pos);
        }
        pos -= trimLength;
        line += countNewlines(start, pos);
        Item it = new Item(T.TEXT, input.substring(start, pos), start, startLine);
        start = pos;
        startLine = line;
        pos += trimLength;
        ignore();
        if (!it.val.isEmpty()) {
          items.add(it);
        }
      }
      return lexLeftDelim();
    }
    pos = input.length();
    if (pos > start) {
      line += countNewlines(start, pos);
      emit(T.TEXT);
    }
    emit(T.EOF);
    return 0;
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
  }

  private boolean hasRightTrimMarker(int at) {
    return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
  }

  private int rightTrimLength(int from, int to) {
    int i = to;
    while (i > from && isSpace(input.charAt(i - 1))) {
      i--;
    }
    return to - i;
  }

  private int leftTrimLength(int from) {
    int i = from;
    while (i < input.length() && isSpace(input.charAt(i))) {
      i++;
    }
    return i - from;
  }

  private int countNewlines(int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (input.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private int lexLeftDelim() {
    pos += left.length();
    boolean trimSpace = hasLeftTrimMarker(pos);
    int afterMarker = trimSpace ? 2 : 0;
    if (input.startsWith("/*", pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment();
    }
    emit(T.LEFT_DELIM);
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return 2;
  }

  private int lexComment() {
    pos += 2;
    int x = input.indexOf("*/", pos);
    if (x < 0) {
      return errorf("unclosed comment");
    }
    pos = x + 2;
    int[] d = atRightDelim();
    if (d[0] == 0) {
      return errorf("comment ends before closing delimiter");
    }
    if (d[1] == 1) {
      pos += 2;
    }
    pos += right.length();
    if (d[1] == 1) {
      pos += leftTrimLength(pos);
    }
    ignore();
    return 1;
  }

  private int[] atRightDelim() {
    if (hasRightTrimMarker(pos) && input.startsWith(right, pos + 2)) {
      return new int[] {1, 1};
    }
    if (input.startsWith(right, pos)) {
      return new int[] {1, 0};
    }
    return new int[] {0, 0};
  }

  private int lexRightDelim() {
    int[] d = atRightDelim();
    if (d[1] == 1) {
      pos += 2;
      ignore();
    }
    pos += right.length();
    emit(T.RIGHT_DELIM);
    if (d[1] == 1) {
      pos += leftTrimLength(pos);
      ignore();
    }
    return 1;
  }

  private int next() {
    if (pos >= input.length()) {
      pos = input.length() + 1;
      return EOF_CH;
    }
    char c = input.charAt(pos);
    pos++;
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private void backup() {
    if (pos > input.length()) {
      pos = input.length();
      return;
    }
    pos--;
    if (input.charAt(pos) == '\n') {
      line--;
    }
  }

  private int peek() {
    return pos < input.length() ? input.charAt(pos) : EOF_CH;
  }

  private void emit(T t) {
    int end = Math.min(pos, input.length());
    items.add(new Item(t, input.substring(start, end), start, startLine));
    start = end;
    startLine = line;
  }

  private void ignore() {
    int end = Math.min(pos, input.length());
    line += countNewlines(start, end);
    start = end;
    startLine = line;
  }

  private int errorf(String msg) {
    items.add(new Item(T.ERROR, msg, start, startLine));
    return 3;
  }

  // 1 = back to text, 2 = stay inside, 3 = error/stop
  private int lexInsideAction() {
    int[] d = atRightDelim();
    if (d[0] == 1) {
      if (parenDepth == 0) {
        return lexRightDelim();
      }
      return errorf("unclosed left paren");
    }
    int r = next();
    if (r == EOF_CH) {
      return errorf("unclosed action");
    }
    if (isSpace(r)) {
      backup();
      return lexSpace();
    }
    switch (r) {
      case '=':
        emit(T.ASSIGN);
        return 2;
      case ':':
        if (next() != '=') {
          return errorf("expected :=");
        }
        emit(T.DECLARE);
        return 2;
      case '|':
        emit(T.PIPE);
        return 2;
      case '"':
        return lexQuote();
      case '`':
        return lexRawQuote();
      case '$':
        return lexVariable();
      case '\'':
        return lexChar();
      case '.':
        if (pos < input.length()) {
          char c = input.charAt(pos);
          if (c < '0' || '9' < c) {
            return lexFieldOrVariable(T.FIELD);
          }
        }
        backup();
        return lexNumber();
      case '(':
        emit(T.LEFT_PAREN);
        parenDepth++;
        return 2;
      case ')':
        parenDepth--;
        if (parenDepth < 0) {
          return errorf("unexpected right paren");
        }
        emit(T.RIGHT_PAREN);
        return 2;
      default:
        break;
    }
    if (r == '+' || r == '-' || ('0' <= r && r <= '9')) {
      backup();
      return lexNumber();
    }
    if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier();
    }
    if (r <= 0x7f && r >= 0x20 && r != 0x7f) {
      emit(T.CHAR);
      return 2;
    }
    return errorf(String.format("unrecognized character in action: U+%04X", r));
  }

  private int lexSpace() {
    int numSpaces = 0;
    while (isSpace(peek())) {
      next();
      numSpaces++;
    }
    if (hasRightTrimMarker(pos - 1) && input.startsWith(right, pos - 1 + 2)) {
      backup();
      if (numSpaces == 1) {
        return lexInsideActionRightDelim();
      }
    }
    emit(T.SPACE);
    return 2;
  }

  private int lexInsideActionRightDelim() {
    if (parenDepth == 0) {
      return lexRightDelim();
    }
    return errorf("unclosed left paren");
  }

  private int lexIdentifier() {
    while (true) {
      int r = next();
      if (isAlphaNumeric(r)) {
        continue;
      }
      backup();
      String word = input.substring(start, pos);
      if (!atTerminator()) {
        return errorf(String.format("bad character U+%04X '%c'", peek(), (char) peek()));
      }
      T kw = keyword(word);
      if (kw != null) {
        emit(kw);
      } else if (word.charAt(0) == '.') {
        emit(T.FIELD);
      } else if (word.equals("true") || word.equals("false")) {
        emit(T.BOOL);
      } else {
        emit(T.IDENTIFIER);
      }
      return 2;
    }
  }

  private static T keyword(String w) {
    switch (w) {
      case ".":
        return T.DOT;
      case "block":
        return T.BLOCK;
      case "break":
        return T.BREAK;
      case "continue":
        return T.CONTINUE;
      case "define":
        return T.DEFINE;
      case "else":
        return T.ELSE;
      case "end":
        return T.END;
      case "if":
        return T.IF;
      case "range":
        return T.RANGE;
      case "nil":
        return T.NIL;
      case "template":
        return T.TEMPLATE;
      case "with":
        return T.WITH;
      default:
        return null;
    }
  }

  private int lexVariable() {
    if (atTerminator()) {
      emit(T.VARIABLE);
      return 2;
    }
    return lexFieldOrVariable(T.VARIABLE);
  }

  private int lexFieldOrVariable(T typ) {
    if (atTerminator()) {
      emit(typ == T.VARIABLE ? T.VARIABLE : T.DOT);
      return 2;
    }
    int r;
    while (true) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) {
      return errorf(String.format("bad character U+%04X '%c'", peek(), (char) peek()));
    }
    emit(typ);
    return 2;
  }

  private boolean atTerminator() {
    int r = peek();
    if (isSpace(r)) {
      return true;
    }
    switch (r) {
      case EOF_CH:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
      default:
        return input.startsWith(right, pos);
    }
  }

  private int lexChar() {
    while (true) {
      int r = next();
      if (r == '\\') {
        r = next();
        if (r != EOF_CH && r != '\n') {
          continue;
        }
      }
      if (r == EOF_CH || r == '\n') {
        return errorf("unterminated character constant");
      }
      if (r == '\'') {
        break;
      }
    }
    emit(T.CHAR_CONSTANT);
    return 2;
  }

  private int lexNumber() {
    if (!scanNumber()) {
      return errorf(
          "bad number syntax: "
              + GoFmt.quote(input.substring(start, Math.min(pos, input.length()))));
    }
    emit(T.NUMBER);
    return 2;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF_CH && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private void acceptRun(String valid) {
    while (true) {
      int r = next();
      if (r == EOF_CH || valid.indexOf(r) < 0) {
        backup();
        return;
      }
    }
  }

  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  }

  private int lexQuote() {
    while (true) {
      int r = next();
      if (r == '\\') {
        r = next();
        if (r != EOF_CH && r != '\n') {
          continue;
        }
      }
      if (r == EOF_CH || r == '\n') {
        return errorf("unterminated quoted string");
      }
      if (r == '"') {
        break;
      }
    }
    emit(T.STRING);
    return 2;
  }

  private int lexRawQuote() {
    while (true) {
      int r = next();
      if (r == EOF_CH) {
        return errorf("unterminated raw quoted string");
      }
      if (r == '`') {
        break;
      }
    }
    emit(T.RAW_STRING);
    return 2;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\r' || r == '\n';
  }

  static boolean isAlphaNumeric(int r) {
    return r == '_' || (r >= 0 && Character.isLetterOrDigit(r));
  }
}
