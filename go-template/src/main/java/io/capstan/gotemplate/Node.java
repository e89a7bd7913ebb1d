package io.capstan.gotemplate;

import java.util.ArrayList;
import java.util.List;

/** The parse tree of Go's text/template (text/template/parse/node.go). */
abstract class Node {
  final int pos;
  final Tree tree;

  Node(Tree tree, int pos) {
    this.tree = tree;
    this.pos = pos;
  }

  /** Splits "a.b.c" (from offset {@code from}) at dots, without regular expressions. */
  static String[] splitDots(String s, int from) {
    int n = 1;
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '.') {
        n++;
      }
    }
    String[] r = new String[n];
    int k = 0;
    int st = from;
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '.') {
        r[k++] = s.substring(st, i);
        st = i + 1;
      }
    }
    r[k] = s.substring(st);
    return r;
  }

  /** A parsed template: its name, the file it came from and its body. */
  static final class Tree {
    final String name;
    final String parseName;
    final String text;
    ListNode root;

    Tree(String name, String parseName, String text) {
      this.name = name;
      this.parseName = parseName;
      this.text = text;
    }
  }

  static final class ListNode extends Node {
    final List<Node> nodes = new ArrayList<>();

    ListNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Node n : nodes) {
        sb.append(n);
      }
      return sb.toString();
    }
  }

  static final class TextNode extends Node {
    final String text;

    TextNode(Tree t, int pos, String text) {
      super(t, pos);
      this.text = text;
    }

    @Override
    public String toString() {
      return GoFmt.quote(text);
    }
  }

  static final class ActionNode extends Node {
    final int line;
    final PipeNode pipe;

    ActionNode(Tree t, int pos, int line, PipeNode pipe) {
      super(t, pos);
      this.line = line;
      this.pipe = pipe;
    }

    @Override
    public String toString() {
      return "{{" + pipe + "}}";
    }
  }

  static final class PipeNode extends Node {
    final int line;
    boolean isAssign;
    final List<VariableNode> decl = new ArrayList<>();
    final List<CommandNode> cmds = new ArrayList<>();

    PipeNode(Tree t, int pos, int line) {
      super(t, pos);
      this.line = line;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!decl.isEmpty()) {
        for (int i = 0; i < decl.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          sb.append(decl.get(i));
        }
        sb.append(isAssign ? " = " : " := ");
      }
      for (int i = 0; i < cmds.size(); i++) {
        if (i > 0) {
          sb.append(" | ");
        }
        sb.append(cmds.get(i));
      }
      return sb.toString();
    }
  }

  static final class CommandNode extends Node {
    final List<Node> args = new ArrayList<>();

    CommandNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        Node a = args.get(i);
        if (a instanceof PipeNode) {
          sb.append('(').append(a).append(')');
        } else {
          sb.append(a);
        }
      }
      return sb.toString();
    }
  }

  static final class IdentifierNode extends Node {
    final String ident;

    /** The function this name resolved to for a Functions instance (immutable, safely shared). */
    static final class Resolved {
      final Functions functions;
      final TemplateFunction fn;
      final boolean builtin;

      Resolved(Functions functions, TemplateFunction fn, boolean builtin) {
        this.functions = functions;
        this.fn = fn;
        this.builtin = builtin;
      }
    }

    Resolved resolved;

    IdentifierNode(Tree t, int pos, String ident) {
      super(t, pos);
      this.ident = ident;
    }

    @Override
    public String toString() {
      return ident;
    }
  }

  static final class VariableNode extends Node {
    final String[] ident;

    VariableNode(Tree t, int pos, String text) {
      super(t, pos);
      this.ident = splitDots(text, 0);
    }

    @Override
    public String toString() {
      return String.join(".", ident);
    }
  }

  static final class FieldNode extends Node {
    final String[] ident;

    FieldNode(Tree t, int pos, String text) {
      super(t, pos);
      this.ident = splitDots(text, 1);
    }

    @Override
    public String toString() {
      return "." + String.join(".", ident);
    }
  }

  static final class ChainNode extends Node {
    final Node node;
    final List<String> field = new ArrayList<>();

    ChainNode(Tree t, int pos, Node node) {
      super(t, pos);
      this.node = node;
    }

    void add(String f) {
      // f starts with '.'
      for (String s : splitDots(f, 1)) {
        field.add(s);
      }
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (node instanceof PipeNode) {
        sb.append('(').append(node).append(')');
      } else {
        sb.append(node);
      }
      for (String f : field) {
        sb.append('.').append(f);
      }
      return sb.toString();
    }
  }

  static final class DotNode extends Node {
    DotNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      return ".";
    }
  }

  static final class NilNode extends Node {
    NilNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      return "nil";
    }
  }

  static final class BoolNode extends Node {
    final boolean value;

    BoolNode(Tree t, int pos, boolean value) {
      super(t, pos);
      this.value = value;
    }

    @Override
    public String toString() {
      return value ? "true" : "false";
    }
  }

  static final class NumberNode extends Node {
    final String text;
    boolean isInt;
    boolean isFloat;
    long int64;
    double float64;

    /** The value as an untyped constant evaluates (Go's idealConstant), or null on overflow. */
    Object ideal;

    NumberNode(Tree t, int pos, String text) {
      super(t, pos);
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  static final class StringNode extends Node {
    final String quoted;
    final String text;

    StringNode(Tree t, int pos, String quoted, String text) {
      super(t, pos);
      this.quoted = quoted;
      this.text = text;
    }

    @Override
    public String toString() {
      return quoted;
    }
  }

  enum BranchKind {
    IF,
    RANGE,
    WITH
  }

  static final class BranchNode extends Node {
    final BranchKind kind;
    final int line;
    final PipeNode pipe;
    final ListNode list;
    final ListNode elseList;

    BranchNode(
        Tree t,
        BranchKind kind,
        int pos,
        int line,
        PipeNode pipe,
        ListNode list,
        ListNode elseList) {
      super(t, pos);
      this.kind = kind;
      this.line = line;
      this.pipe = pipe;
      this.list = list;
      this.elseList = elseList;
    }

    @Override
    public String toString() {
      String name = kind.name().toLowerCase(java.util.Locale.ROOT);
      StringBuilder sb = new StringBuilder("{{").append(name).append(' ').append(pipe).append("}}");
      sb.append(list);
      if (elseList != null) {
        sb.append("{{else}}").append(elseList);
      }
      return sb.append("{{end}}").toString();
    }
  }

  static final class TemplateNode extends Node {
    final int line;
    final String name;
    final PipeNode pipe;

    TemplateNode(Tree t, int pos, int line, String name, PipeNode pipe) {
      super(t, pos);
      this.line = line;
      this.name = name;
      this.pipe = pipe;
    }

    @Override
    public String toString() {
      return pipe == null
          ? "{{template " + GoFmt.quote(name) + "}}"
          : "{{template " + GoFmt.quote(name) + " " + pipe + "}}";
    }
  }

  static final class BreakNode extends Node {
    BreakNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      return "{{break}}";
    }
  }

  static final class ContinueNode extends Node {
    ContinueNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      return "{{continue}}";
    }
  }

  /** Parser-internal markers. */
  static final class EndNode extends Node {
    EndNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      return "{{end}}";
    }
  }

  static final class ElseNode extends Node {
    ElseNode(Tree t, int pos) {
      super(t, pos);
    }

    @Override
    public String toString() {
      return "{{else}}";
    }
  }
}
