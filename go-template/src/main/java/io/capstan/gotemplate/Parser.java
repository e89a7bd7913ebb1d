package io.capstan.gotemplate;

import io.capstan.gotemplate.Lexer.Item;
import io.capstan.gotemplate.Lexer.T;
import io.capstan.gotemplate.Node.ActionNode;
import io.capstan.gotemplate.Node.BoolNode;
import io.capstan.gotemplate.Node.BranchKind;
import io.capstan.gotemplate.Node.BranchNode;
import io.capstan.gotemplate.Node.BreakNode;
import io.capstan.gotemplate.Node.ChainNode;
import io.capstan.gotemplate.Node.CommandNode;
import io.capstan.gotemplate.Node.ContinueNode;
import io.capstan.gotemplate.Node.DotNode;
import io.capstan.gotemplate.Node.ElseNode;
import io.capstan.gotemplate.Node.EndNode;
import io.capstan.gotemplate.Node.FieldNode;
import io.capstan.gotemplate.Node.IdentifierNode;
import io.capstan.gotemplate.Node.ListNode;
import io.capstan.gotemplate.Node.NilNode;
import io.capstan.gotemplate.Node.NumberNode;
import io.capstan.gotemplate.Node.PipeNode;
import io.capstan.gotemplate.Node.StringNode;
import io.capstan.gotemplate.Node.TemplateNode;
import io.capstan.gotemplate.Node.TextNode;
import io.capstan.gotemplate.Node.Tree;
import io.capstan.gotemplate.Node.VariableNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Go's text/template parser (text/template/parse/parse.go). */
final class Parser {
  /** Thrown internally to abort parsing with Go's message. */
  static final class ParseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseError(String m) {
      super(m, null, false, false);
    }
  }

  private final List<Item> items;
  private final String parseName;
  private final String text;
  private final Predicate<String> hasFunction;
  private final Map<String, Tree> treeSet;
  private int idx;
  private Item last;
  private Tree tree;
  private List<String> vars = new ArrayList<>();
  private int rangeDepth;
  private int actionLine;

  private Parser(
      List<Item> items,
      String parseName,
      String text,
      Predicate<String> hasFunction,
      Map<String, Tree> treeSet) {
    this.items = items;
    this.parseName = parseName;
    this.text = text;
    this.hasFunction = hasFunction;
    this.treeSet = treeSet;
  }

  /** Parses {@code text}; returns the trees by name (the main one under {@code name}). */
  static Map<String, Tree> parse(
      String name, String text, String left, String right, Predicate<String> hasFunction)
      throws TemplateException {
    Map<String, Tree> set = new LinkedHashMap<>();
    Parser p = new Parser(Lexer.lex(text, left, right), name, text, hasFunction, set);
    try {
      p.tree = new Tree(name, name, text);
      p.vars.add("$");
      p.parseTop();
      p.add(p.tree);
    } catch (ParseError e) {
      throw new TemplateException(e.getMessage());
    }
    return set;
  }

  private void add(Tree t) {
    Tree old = treeSet.get(t.name);
    if (old == null || isEmptyTree(old.root)) {
      treeSet.put(t.name, t);
      return;
    }
    if (!isEmptyTree(t.root)) {
      throw errorf("template: multiple definition of template " + GoFmt.quote(t.name));
    }
  }

  static boolean isEmptyTree(Node n) {
    if (n == null) {
      return true;
    }
    if (n instanceof TextNode) {
      return ((TextNode) n).text.isBlank();
    }
    if (n instanceof ListNode) {
      for (Node c : ((ListNode) n).nodes) {
        if (!isEmptyTree(c)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  // ---- tokens

  private Item next() {
    Item it = items.get(idx);
    if (idx < items.size() - 1) {
      idx++;
    } else {
      idx = items.size();
    }
    last = it;
    return it;
  }

  private Item peek() {
    return items.get(Math.min(idx, items.size() - 1));
  }

  private void backup() {
    idx--;
  }

  private Item nextNonSpace() {
    Item t;
    do {
      t = next();
    } while (t.typ() == T.SPACE);
    return t;
  }

  private Item peekNonSpace() {
    Item t = nextNonSpace();
    backup();
    return t;
  }

  private ParseError errorf(String msg) {
    int line = last == null ? 1 : last.line();
    return new ParseError("template: " + parseName + ":" + line + ": " + msg);
  }

  private Item expect(T expected, String context) {
    Item t = nextNonSpace();
    if (t.typ() != expected) {
      throw unexpected(t, context);
    }
    return t;
  }

  private Item expectOneOf(T e1, T e2, String context) {
    Item t = nextNonSpace();
    if (t.typ() != e1 && t.typ() != e2) {
      throw unexpected(t, context);
    }
    return t;
  }

  private ParseError unexpected(Item token, String context) {
    if (token.typ() == T.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != token.line()) {
        extra = " in action started at " + parseName + ":" + actionLine;
        if (token.val().endsWith(" action")) {
          extra = extra.substring(" in action".length());
        }
      }
      return errorf(token + extra);
    }
    return errorf("unexpected " + token + " in " + context);
  }

  // ---- grammar

  private void parseTop() {
    tree.root = new ListNode(tree, peek().pos());
    while (peek().typ() != T.EOF) {
      if (peek().typ() == T.LEFT_DELIM) {
        int save = idx;
        next();
        if (nextNonSpace().typ() == T.DEFINE) {
          parseDefinition();
          continue;
        }
        idx = save;
      }
      Node n = textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) {
        throw errorf("unexpected " + n);
      }
      if (n != null) {
        tree.root.nodes.add(n);
      }
    }
  }

  private void parseDefinition() {
    String context = "define clause";
    Tree outer = tree;
    List<String> outerVars = vars;
    Item name = expectOneOf(T.STRING, T.RAW_STRING, context);
    String n = unquote(name);
    tree = new Tree(n, parseName, text);
    vars = new ArrayList<>(List.of("$"));
    expect(T.RIGHT_DELIM, context);
    Node[] end = new Node[1];
    tree.root = itemList(end);
    if (!(end[0] instanceof EndNode)) {
      throw errorf("unexpected " + end[0] + " in " + context);
    }
    add(tree);
    tree = outer;
    vars = outerVars;
  }

  private ListNode itemList(Node[] end) {
    ListNode list = new ListNode(tree, peekNonSpace().pos());
    while (peekNonSpace().typ() != T.EOF) {
      Node n = textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) {
        end[0] = n;
        return list;
      }
      if (n != null) {
        list.nodes.add(n);
      }
    }
    throw errorf("unexpected EOF");
  }

  private Node textOrAction() {
    Item token = nextNonSpace();
    switch (token.typ()) {
      case TEXT:
        return new TextNode(tree, token.pos(), token.val());
      case LEFT_DELIM:
        actionLine = token.line();
        try {
          return action();
        } finally {
          actionLine = 0;
        }
      case COMMENT:
        return null;
      default:
        throw unexpected(token, "input");
    }
  }

  private Node action() {
    Item token = nextNonSpace();
    switch (token.typ()) {
      case BLOCK:
        return blockControl();
      case BREAK:
        return breakControl(token, "break");
      case CONTINUE:
        return breakControl(token, "continue");
      case ELSE:
        return elseControl();
      case END:
        return new EndNode(tree, expect(T.RIGHT_DELIM, "end").pos());
      case IF:
        return parseControl(BranchKind.IF, "if");
      case RANGE:
        return parseControl(BranchKind.RANGE, "range");
      case TEMPLATE:
        return templateControl();
      case WITH:
        return parseControl(BranchKind.WITH, "with");
      default:
        break;
    }
    backup();
    Item t = peek();
    PipeNode pipe = pipeline("command", T.RIGHT_DELIM);
    return new ActionNode(tree, t.pos(), t.line(), pipe);
  }

  private Node breakControl(Item tok, String kw) {
    Item token = nextNonSpace();
    if (token.typ() != T.RIGHT_DELIM) {
      throw unexpected(token, "{{" + kw + "}}");
    }
    if (rangeDepth == 0) {
      throw errorf("{{" + kw + "}} outside {{range}}");
    }
    return kw.equals("break") ? new BreakNode(tree, tok.pos()) : new ContinueNode(tree, tok.pos());
  }

  private Node elseControl() {
    Item p = peekNonSpace();
    if (p.typ() == T.IF || p.typ() == T.WITH) {
      return new ElseNode(tree, p.pos());
    }
    Item token = expect(T.RIGHT_DELIM, "else");
    return new ElseNode(tree, token.pos());
  }

  private BranchNode parseControl(BranchKind kind, String context) {
    int mark = vars.size();
    try {
      PipeNode pipe = pipeline(context, T.RIGHT_DELIM);
      if (kind == BranchKind.RANGE) {
        rangeDepth++;
      }
      Node[] next = new Node[1];
      ListNode list = itemList(next);
      if (kind == BranchKind.RANGE) {
        rangeDepth--;
      }
      ListNode elseList = null;
      if (next[0] instanceof ElseNode) {
        if (kind == BranchKind.IF && peek().typ() == T.IF) {
          next();
          elseList = new ListNode(tree, next[0].pos);
          elseList.nodes.add(parseControl(BranchKind.IF, "if"));
        } else if (kind == BranchKind.WITH && peek().typ() == T.WITH) {
          next();
          elseList = new ListNode(tree, next[0].pos);
          elseList.nodes.add(parseControl(BranchKind.WITH, "with"));
        } else {
          elseList = itemList(next);
          if (!(next[0] instanceof EndNode)) {
            throw errorf("expected end; found " + next[0]);
          }
        }
      }
      return new BranchNode(tree, kind, pipe.pos, pipe.line, pipe, list, elseList);
    } finally {
      while (vars.size() > mark) {
        vars.remove(vars.size() - 1);
      }
    }
  }

  private TemplateNode templateControl() {
    String context = "template clause";
    Item token = nextNonSpace();
    String name = parseTemplateName(token, context);
    PipeNode pipe = null;
    if (nextNonSpace().typ() != T.RIGHT_DELIM) {
      backup();
      pipe = pipeline(context, T.RIGHT_DELIM);
    }
    return new TemplateNode(tree, token.pos(), token.line(), name, pipe);
  }

  private TemplateNode blockControl() {
    String context = "block clause";
    Item token = nextNonSpace();
    String name = parseTemplateName(token, context);
    PipeNode pipe = pipeline(context, T.RIGHT_DELIM);
    Tree outer = tree;
    List<String> outerVars = vars;
    int outerRange = rangeDepth;
    tree = new Tree(name, parseName, text);
    vars = new ArrayList<>(List.of("$"));
    rangeDepth = 0;
    Node[] end = new Node[1];
    tree.root = itemList(end);
    if (!(end[0] instanceof EndNode)) {
      throw errorf("unexpected " + end[0] + " in " + context);
    }
    add(tree);
    tree = outer;
    vars = outerVars;
    rangeDepth = outerRange;
    return new TemplateNode(tree, token.pos(), token.line(), name, pipe);
  }

  private String parseTemplateName(Item token, String context) {
    if (token.typ() == T.STRING || token.typ() == T.RAW_STRING) {
      return unquote(token);
    }
    throw unexpected(token, context);
  }

  private PipeNode pipeline(String context, T end) {
    Item token = peekNonSpace();
    PipeNode pipe = new PipeNode(tree, token.pos(), token.line());
    decls:
    while (true) {
      Item v = peekNonSpace();
      if (v.typ() == T.VARIABLE) {
        int save = idx;
        next();
        Item after = peek();
        Item nx = peekNonSpace();
        if (nx.typ() == T.ASSIGN || nx.typ() == T.DECLARE) {
          pipe.isAssign = nx.typ() == T.ASSIGN;
          nextNonSpace();
          pipe.decl.add(new VariableNode(tree, v.pos(), v.val()));
          vars.add(v.val());
        } else if (nx.typ() == T.CHAR && nx.val().equals(",")) {
          nextNonSpace();
          pipe.decl.add(new VariableNode(tree, v.pos(), v.val()));
          vars.add(v.val());
          if (context.equals("range") && pipe.decl.size() < 2) {
            T pt = peekNonSpace().typ();
            if (pt == T.VARIABLE || pt == T.RIGHT_DELIM || pt == T.RIGHT_PAREN) {
              continue decls;
            }
            throw errorf("range can only initialize variables");
          }
          throw errorf("too many declarations in " + context);
        } else {
          idx = save;
          if (after.typ() == T.SPACE) {
            // backup3 in Go: nothing more to do with an index-based token list
          }
        }
      }
      break;
    }
    while (true) {
      Item t = nextNonSpace();
      if (t.typ() == end) {
        checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ()) {
        case BOOL:
        case CHAR_CONSTANT:
        case DOT:
        case FIELD:
        case IDENTIFIER:
        case NUMBER:
        case NIL:
        case RAW_STRING:
        case STRING:
        case VARIABLE:
        case LEFT_PAREN:
          backup();
          pipe.cmds.add(command());
          break;
        default:
          throw unexpected(t, context);
      }
    }
  }

  private void checkPipeline(PipeNode pipe, String context) {
    if (pipe.cmds.isEmpty()) {
      throw errorf("missing value for " + context);
    }
    for (int i = 1; i < pipe.cmds.size(); i++) {
      Node a = pipe.cmds.get(i).args.get(0);
      if (a instanceof BoolNode
          || a instanceof DotNode
          || a instanceof NilNode
          || a instanceof NumberNode
          || a instanceof StringNode) {
        throw errorf("non executable command in pipeline stage " + (i + 1));
      }
    }
  }

  private CommandNode command() {
    CommandNode cmd = new CommandNode(tree, peekNonSpace().pos());
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) {
        cmd.args.add(operand);
      }
      Item token = next();
      switch (token.typ()) {
        case SPACE:
          continue;
        case RIGHT_DELIM:
        case RIGHT_PAREN:
          backup();
          break;
        case PIPE:
          break;
        default:
          throw unexpected(token, "operand");
      }
      break;
    }
    if (cmd.args.isEmpty()) {
      throw errorf("empty command");
    }
    return cmd;
  }

  private Node operand() {
    Node node = term();
    if (node == null) {
      return null;
    }
    if (peek().typ() == T.FIELD) {
      ChainNode chain = new ChainNode(tree, peek().pos(), node);
      while (peek().typ() == T.FIELD) {
        chain.add(next().val());
      }
      if (node instanceof FieldNode) {
        return new FieldNode(tree, chain.pos, chain.toString());
      }
      if (node instanceof VariableNode) {
        return new VariableNode(tree, chain.pos, chain.toString());
      }
      if (node instanceof BoolNode
          || node instanceof StringNode
          || node instanceof NumberNode
          || node instanceof NilNode
          || node instanceof DotNode) {
        throw errorf("unexpected . after term " + GoFmt.quote(node.toString()));
      }
      return chain;
    }
    return node;
  }

  private Node term() {
    Item token = nextNonSpace();
    switch (token.typ()) {
      case IDENTIFIER:
        if (!hasFunction.test(token.val())) {
          throw errorf("function " + GoFmt.quote(token.val()) + " not defined");
        }
        return new IdentifierNode(tree, token.pos(), token.val());
      case DOT:
        return new DotNode(tree, token.pos());
      case NIL:
        return new NilNode(tree, token.pos());
      case VARIABLE:
        return useVar(token);
      case FIELD:
        return new FieldNode(tree, token.pos(), token.val());
      case BOOL:
        return new BoolNode(tree, token.pos(), token.val().equals("true"));
      case CHAR_CONSTANT:
      case NUMBER:
        return newNumber(token);
      case LEFT_PAREN:
        return pipeline("parenthesized pipeline", T.RIGHT_PAREN);
      case STRING:
      case RAW_STRING:
        return new StringNode(tree, token.pos(), token.val(), unquote(token));
      default:
        backup();
        return null;
    }
  }

  private VariableNode useVar(Item token) {
    VariableNode v = new VariableNode(tree, token.pos(), token.val());
    for (String name : vars) {
      if (name.equals(v.ident[0])) {
        return v;
      }
    }
    throw errorf("undefined variable " + GoFmt.quote(v.ident[0]));
  }

  private String unquote(Item token) {
    try {
      return GoStrings.unquote(token.val());
    } catch (IllegalArgumentException e) {
      throw errorf(e.getMessage());
    }
  }

  private NumberNode newNumber(Item token) {
    String s = token.val();
    NumberNode n = new NumberNode(tree, token.pos(), s);
    if (token.typ() == T.CHAR_CONSTANT) {
      String r;
      try {
        r = GoStrings.unquote(s);
      } catch (IllegalArgumentException e) {
        throw errorf(e.getMessage());
      }
      int cp = r.codePointAt(0);
      n.isInt = true;
      n.isFloat = true;
      n.int64 = cp;
      n.float64 = cp;
      n.ideal = cp;
      return n;
    }
    if (s.endsWith("i")
        && (parseGoFloat(s.substring(0, s.length() - 1)) != null
            || parseGoInt(s.substring(0, s.length() - 1)) != null)) {
      throw errorf("complex constants are not supported: " + s);
    }
    BigInteger bi = parseGoInt(s);
    if (bi != null) {
      if (bi.bitLength() <= 63) {
        n.isInt = true;
        n.int64 = bi.longValue();
        n.isFloat = true;
        n.float64 = bi.doubleValue();
      } else if (bi.signum() > 0 && bi.bitLength() <= 64) {
        n.isFloat = true;
        n.float64 = bi.doubleValue();
        n.ideal = null;
        throw errorf(s + " overflows int");
      }
    } else {
      Double f = parseGoFloat(s);
      if (f != null) {
        if (!containsAny(s, ".eEpP")) {
          throw errorf("integer overflow: " + GoFmt.quote(s));
        }
        n.isFloat = true;
        n.float64 = f;
        if (f == Math.rint(f) && Math.abs(f) < 9.2e18) {
          n.isInt = true;
          n.int64 = (long) (double) f;
        }
      }
    }
    if (!n.isInt && !n.isFloat) {
      throw errorf("illegal number syntax: " + GoFmt.quote(s));
    }
    boolean hexInt =
        s.length() > 2
            && s.charAt(0) == '0'
            && (s.charAt(1) == 'x' || s.charAt(1) == 'X')
            && !containsAny(s, "pP");
    if (n.isFloat && !hexInt && containsAny(s, ".eEpP")) {
      n.ideal = n.float64;
    } else if (n.isInt) {
      n.ideal = GoValues.goInt(n.int64);
    } else {
      throw errorf(s + " overflows int");
    }
    return n;
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** strconv.ParseInt(s, 0, 64)-like: base prefixes, underscores; null when not an integer. */
  static BigInteger parseGoInt(String s) {
    String t = s;
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.charAt(0) == '-';
      t = t.substring(1);
    }
    int base = 10;
    boolean prefixed = false;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char c = Character.toLowerCase(t.charAt(1));
      if (c == 'x') {
        base = 16;
        t = t.substring(2);
        prefixed = true;
      } else if (c == 'o') {
        base = 8;
        t = t.substring(2);
        prefixed = true;
      } else if (c == 'b') {
        base = 2;
        t = t.substring(2);
        prefixed = true;
      } else {
        base = 8;
        t = t.substring(1);
        prefixed = true;
      }
    }
    if (t.contains("_")) {
      if (!underscoreOk(s)) {
        return null;
      }
      t = t.replace("_", "");
    }
    if (t.isEmpty()) {
      return null;
    }
    for (int i = 0; i < t.length(); i++) {
      if (Character.digit(t.charAt(i), base) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(t, base);
    return neg ? v.negate() : v;
  }

  private static boolean underscoreOk(String s) {
    // Go: underscores only between digits or after a base prefix
    char saw = '^';
    int i = 0;
    if (s.length() >= 1 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0' && "bBoOxX".indexOf(s.charAt(1)) >= 0) {
      hex = Character.toLowerCase(s.charAt(1)) == 'x';
      i = 2;
      saw = '0';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (hex && Character.digit(c, 16) >= 0)) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  static Double parseGoFloat(String s) {
    String t = s;
    if (t.contains("_")) {
      if (!underscoreOk(t)) {
        return null;
      }
      t = t.replace("_", "");
    }
    String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    if (body.startsWith("0x") || body.startsWith("0X")) {
      if (!containsAny(body, "pP")) {
        return null;
      }
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (body.isEmpty() || !(Character.isDigit(body.charAt(0)) || body.charAt(0) == '.')) {
      return null;
    }
    for (int i = 0; i < body.length(); i++) {
      if ("0123456789.eE+-".indexOf(body.charAt(i)) < 0) {
        return null;
      }
    }
    try {
      return new BigDecimal(t).doubleValue();
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
