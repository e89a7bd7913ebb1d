package io.capstan.gotemplate;

import io.capstan.gotemplate.Node.ActionNode;
import io.capstan.gotemplate.Node.BoolNode;
import io.capstan.gotemplate.Node.BranchKind;
import io.capstan.gotemplate.Node.BranchNode;
import io.capstan.gotemplate.Node.BreakNode;
import io.capstan.gotemplate.Node.ChainNode;
import io.capstan.gotemplate.Node.CommandNode;
import io.capstan.gotemplate.Node.ContinueNode;
import io.capstan.gotemplate.Node.DotNode;
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
import io.capstan.gotemplate.TemplateOptions.MissingKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Executes parsed templates with Go's text/template semantics (text/template/exec.go). */
final class Executor implements CallContext {
  static final int MAX_EXEC_DEPTH = 100000;

  /** The "no final argument" marker of a pipeline stage. */
  private static final Object MISSING = new Object();

  private static final class Signal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Signal(String n) {
      super(n, null, false, false);
    }
  }

  private static final Signal BREAK = new Signal("break");
  private static final Signal CONTINUE = new Signal("continue");

  /** An execution error carrying Go's final message. */
  static final class ExecError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExecError(String m, Throwable cause) {
      super(m, cause, false, false);
    }
  }

  private final TemplateSet set;
  private final Functions functions;
  private final MissingKey missingKey;
  private final StringBuilder out;
  private Tree tmpl;
  private int depth;
  private Node node;
  private final ArrayList<String> varNames = new ArrayList<>();
  private final ArrayList<Object> varValues = new ArrayList<>();

  Executor(TemplateSet set, Tree tmpl, StringBuilder out, int depth) {
    this.set = set;
    this.functions = set.functions();
    this.missingKey = set.options().missingKey();
    this.out = out;
    this.tmpl = tmpl;
    this.depth = depth;
  }

  void run(Object data) {
    if (data == null) {
      data = GoValues.NO_VALUE; // Go: reflect.ValueOf(nil) is the invalid value
    }
    push("$", data);
    if (tmpl.root == null) {
      throw errorf(GoFmt.quote(tmpl.name) + " is an incomplete or empty template");
    }
    walk(data, tmpl.root);
  }

  // ---- CallContext

  @Override
  public TemplateSet templates() {
    return set;
  }

  @Override
  public String templateName() {
    return tmpl.name;
  }

  @Override
  public int depth() {
    return depth;
  }

  @Override
  public TemplateOptions options() {
    return set.options();
  }

  @Override
  public String executeNested(String name, Object data) throws TemplateException {
    return set.executeAtDepth(name, data, depth + 1);
  }

  // ---- errors

  ExecError errorf(String msg) {
    String name = tmpl.name;
    if (node == null) {
      return new ExecError("template: " + name + ": " + msg, null);
    }
    return new ExecError(
        "template: "
            + location(node)
            + ": executing "
            + GoFmt.quote(name)
            + " at <"
            + node
            + ">: "
            + msg,
        null);
  }

  static String location(Node n) {
    Tree tree = n.tree;
    String text = tree.text;
    int pos = Math.min(n.pos, text.length());
    int nl = text.lastIndexOf('\n', pos - 1);
    int line = 1;
    for (int i = 0; i < pos; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    int col;
    if (nl < 0) {
      col = text.substring(0, pos).getBytes(StandardCharsets.UTF_8).length;
    } else {
      col = text.substring(nl + 1, pos).getBytes(StandardCharsets.UTF_8).length;
    }
    return tree.parseName + ":" + line + ":" + col;
  }

  // ---- variables

  private void push(String name, Object v) {
    varNames.add(name);
    varValues.add(v);
  }

  private int mark() {
    return varNames.size();
  }

  private void pop(int mark) {
    for (int i = varNames.size() - 1; i >= mark; i--) {
      varNames.remove(i);
      varValues.remove(i);
    }
  }

  private void setTopVar(int n, Object v) {
    varValues.set(varValues.size() - n, v);
  }

  private void setVar(String name, Object v) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        varValues.set(i, v);
        return;
      }
    }
    throw errorf("undefined variable: " + name);
  }

  private Object varValue(String name) {
    for (int i = varNames.size() - 1; i >= 0; i--) {
      if (varNames.get(i).equals(name)) {
        return varValues.get(i);
      }
    }
    throw errorf("undefined variable: " + name);
  }

  // ---- walking

  private void walk(Object dot, Node n) {
    node = n;
    if (n instanceof TextNode) {
      out.append(((TextNode) n).text);
    } else if (n instanceof ActionNode) {
      PipeNode pipe = ((ActionNode) n).pipe;
      Object val = evalPipeline(dot, pipe);
      if (pipe.decl.isEmpty()) {
        printValue(n, val);
      }
    } else if (n instanceof ListNode) {
      for (Node c : ((ListNode) n).nodes) {
        walk(dot, c);
      }
    } else if (n instanceof BranchNode) {
      BranchNode b = (BranchNode) n;
      if (b.kind == BranchKind.RANGE) {
        walkRange(dot, b);
      } else {
        walkIfOrWith(dot, b);
      }
    } else if (n instanceof TemplateNode) {
      walkTemplate(dot, (TemplateNode) n);
    } else if (n instanceof BreakNode) {
      throw BREAK;
    } else if (n instanceof ContinueNode) {
      throw CONTINUE;
    } else {
      throw errorf("unknown node: " + n);
    }
  }

  private void walkIfOrWith(Object dot, BranchNode b) {
    int mark = mark();
    try {
      Object val = evalPipeline(dot, b.pipe);
      if (GoValues.isTrue(val)) {
        if (b.kind == BranchKind.WITH) {
          walk(val, b.list);
        } else {
          walk(dot, b.list);
        }
      } else if (b.elseList != null) {
        walk(dot, b.elseList);
      }
    } finally {
      pop(mark);
    }
  }

  private void walkRange(Object dot, BranchNode r) {
    node = r;
    int outer = mark();
    try {
      Object val = evalPipeline(dot, r.pipe);
      int mark = mark();
      try {
        if (val instanceof List) {
          List<?> l = (List<?>) val;
          if (!l.isEmpty()) {
            for (int i = 0; i < l.size(); i++) {
              oneIteration(r, mark, i, l.get(i));
            }
            return;
          }
        } else if (val instanceof Map) {
          Map<?, ?> m = (Map<?, ?>) val;
          if (!m.isEmpty()) {
            for (Map.Entry<?, ?> e : GoFmt.sorted(m)) {
              oneIteration(r, mark, e.getKey(), e.getValue());
            }
            return;
          }
        } else if (val instanceof byte[]) {
          byte[] bs = (byte[]) val;
          if (bs.length > 0) {
            for (int i = 0; i < bs.length; i++) {
              oneIteration(r, mark, i, (int) bs[i] & 0xff);
            }
            return;
          }
        } else if (GoValues.isInt(val)) {
          if (r.pipe.decl.size() > 1) {
            throw errorf(
                "can't use " + GoFmt.toString(val) + " to iterate over more than one variable");
          }
          long n = ((Number) val).longValue();
          if (n > 0) {
            for (long i = 0; i < n; i++) {
              Object iv = val instanceof Long ? (Object) Long.valueOf(i) : GoValues.goInt(i);
              oneIteration(r, mark, iv, iv);
            }
            return;
          }
        } else if (val != GoValues.NO_VALUE && val != null) {
          throw errorf("range can't iterate over " + GoFmt.toString(val));
        }
        if (r.elseList != null) {
          walk(dot, r.elseList);
        }
      } catch (Signal s) {
        if (s != BREAK) {
          throw s;
        }
      }
    } finally {
      pop(outer);
    }
  }

  private void oneIteration(BranchNode r, int mark, Object index, Object elem) {
    List<VariableNode> decl = r.pipe.decl;
    if (!decl.isEmpty()) {
      if (r.pipe.isAssign) {
        if (decl.size() > 1) {
          setVar(decl.get(0).ident[0], index);
        } else {
          setVar(decl.get(0).ident[0], elem);
        }
      } else {
        setTopVar(1, elem);
      }
    }
    if (decl.size() > 1) {
      if (r.pipe.isAssign) {
        setVar(decl.get(1).ident[0], elem);
      } else {
        setTopVar(2, index);
      }
    }
    try {
      walk(elem == null ? null : elem, r.list);
    } catch (Signal s) {
      if (s != CONTINUE) {
        throw s;
      }
    } finally {
      pop(mark);
    }
  }

  private void walkTemplate(Object dot, TemplateNode t) {
    node = t;
    Tree target = set.tree(t.name);
    if (target == null) {
      throw errorf("template " + GoFmt.quote(t.name) + " not defined");
    }
    if (depth == MAX_EXEC_DEPTH) {
      throw errorf("exceeded maximum template depth (" + MAX_EXEC_DEPTH + ")");
    }
    Object newDot = evalPipeline(dot, t.pipe);
    if (t.pipe == null) {
      newDot = GoValues.NO_VALUE;
    }
    Executor sub = new Executor(set, target, out, depth + 1);
    sub.push("$", newDot);
    if (target.root == null) {
      throw errorf(GoFmt.quote(target.name) + " is an incomplete or empty template");
    }
    try {
      sub.walk(newDot, target.root);
    } catch (StackOverflowError e) {
      // The JVM stack ends before Go's 100000 levels: report it as Go reports the limit.
      throw errorf("exceeded maximum template depth (" + MAX_EXEC_DEPTH + ")");
    }
  }

  private void printValue(Node n, Object v) {
    node = n;
    if (v == GoValues.NO_VALUE || v == null) {
      out.append("<no value>");
      return;
    }
    if (v instanceof String) {
      out.append((String) v);
      return;
    }
    if (v instanceof TemplateFunction) {
      throw errorf("can't print " + n + " of type " + GoValues.typeName(v));
    }
    out.append(GoFmt.toString(v));
  }

  // ---- evaluation

  private Object evalPipeline(Object dot, PipeNode pipe) {
    if (pipe == null) {
      return GoValues.NO_VALUE;
    }
    node = pipe;
    Object value = MISSING;
    for (CommandNode cmd : pipe.cmds) {
      value = evalCommand(dot, cmd, value);
      if (value == null) {
        value = GoValues.NO_VALUE;
      }
    }
    for (VariableNode v : pipe.decl) {
      if (pipe.isAssign) {
        setVar(v.ident[0], value);
      } else {
        push(v.ident[0], value);
      }
    }
    return value;
  }

  private void notAFunction(List<Node> args, Object fin) {
    if (args.size() > 1 || fin != MISSING) {
      throw errorf("can't give argument to non-function " + args.get(0));
    }
  }

  private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
    Node first = cmd.args.get(0);
    if (first instanceof FieldNode) {
      FieldNode f = (FieldNode) first;
      node = f;
      return evalFieldChain(dot, dot, f, f.ident, 0, cmd.args, fin);
    }
    if (first instanceof ChainNode) {
      return evalChainNode(dot, (ChainNode) first, cmd.args, fin);
    }
    if (first instanceof IdentifierNode) {
      return evalFunction(dot, (IdentifierNode) first, cmd, cmd.args, fin);
    }
    if (first instanceof PipeNode) {
      notAFunction(cmd.args, fin);
      return evalPipeline(dot, (PipeNode) first);
    }
    if (first instanceof VariableNode) {
      return evalVariableNode(dot, (VariableNode) first, cmd.args, fin);
    }
    node = first;
    notAFunction(cmd.args, fin);
    if (first instanceof BoolNode) {
      return ((BoolNode) first).value;
    }
    if (first instanceof DotNode) {
      return dot;
    }
    if (first instanceof NilNode) {
      throw errorf("nil is not a command");
    }
    if (first instanceof NumberNode) {
      return ideal((NumberNode) first);
    }
    if (first instanceof StringNode) {
      return ((StringNode) first).text;
    }
    throw errorf("can't evaluate command " + GoFmt.quote(first.toString()));
  }

  private Object ideal(NumberNode n) {
    if (n.ideal == null) {
      throw errorf(n.text + " overflows int");
    }
    return n.ideal;
  }

  private Object evalChainNode(Object dot, ChainNode chain, List<Node> args, Object fin) {
    if (chain.field.isEmpty()) {
      throw errorf("internal error: no fields in evalChainNode");
    }
    if (chain.node instanceof NilNode) {
      throw errorf("indirection through explicit nil in " + chain);
    }
    Object pipe = evalArg(dot, chain.node);
    return evalFieldChain(dot, pipe, chain, chain.field.toArray(new String[0]), 0, args, fin);
  }

  private Object evalVariableNode(Object dot, VariableNode v, List<Node> args, Object fin) {
    node = v;
    Object value = varValue(v.ident[0]);
    if (v.ident.length == 1) {
      if (args != null) {
        notAFunction(args, fin);
      }
      return value;
    }
    return evalFieldChain(dot, value, v, v.ident, 1, args, fin);
  }

  private Object evalFieldChain(
      Object dot, Object receiver, Node n, String[] ident, int from, List<Node> args, Object fin) {
    int last = ident.length - 1;
    for (int i = from; i < last; i++) {
      receiver = evalField(dot, ident[i], n, null, MISSING, receiver);
    }
    return evalField(dot, ident[last], n, args, fin, receiver);
  }

  private Object evalField(
      Object dot, String fieldName, Node n, List<Node> args, Object fin, Object receiver) {
    if (receiver == GoValues.NO_VALUE) {
      if (missingKey == MissingKey.ERROR) {
        throw errorf("nil data; no entry for key " + GoFmt.quote(fieldName));
      }
      return GoValues.NO_VALUE;
    }
    if (receiver == null) {
      throw errorf("nil pointer evaluating interface {}." + fieldName);
    }
    boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
    if (receiver instanceof GoObject && ((GoObject) receiver).hasMethod(fieldName)) {
      List<Object> argv = new ArrayList<>();
      if (args != null) {
        for (int i = 1; i < args.size(); i++) {
          argv.add(toArg(evalArg(dot, args.get(i))));
        }
      }
      if (fin != MISSING) {
        argv.add(toArg(fin));
      }
      node = n;
      try {
        return ((GoObject) receiver).method(fieldName, argv);
      } catch (ExecError | Signal e) {
        throw e;
      } catch (Builtins.ArgError e) {
        throw errorf(e.getMessage());
      } catch (Exception e) {
        throw errorf("error calling " + fieldName + ": " + message(e));
      }
    }
    if (receiver instanceof Map) {
      if (hasArgs) {
        throw errorf(fieldName + " is not a method but has arguments");
      }
      Map<?, ?> m = (Map<?, ?>) receiver;
      Object r = m.get(fieldName);
      if (r == null && !m.containsKey(fieldName)) {
        switch (missingKey) {
          case ZERO:
            return null;
          case ERROR:
            throw errorf("map has no entry for key " + GoFmt.quote(fieldName));
          default:
            return GoValues.NO_VALUE;
        }
      }
      return r;
    }
    if (receiver instanceof GoObject) {
      GoObject g = (GoObject) receiver;
      if (hasArgs) {
        throw errorf(fieldName + " has arguments but cannot be invoked as function");
      }
      try {
        return g.field(fieldName);
      } catch (GoObject.NoSuchMemberException e) {
        throw errorf("can't evaluate field " + fieldName + " in type " + g.goTypeName());
      } catch (TemplateException e) {
        throw errorf(e.getMessage());
      }
    }
    throw errorf("can't evaluate field " + fieldName + " in type " + GoValues.typeName(receiver));
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  /** Evaluates an argument node (untyped: Go's evalEmptyInterface / evalArg with nil type). */
  private Object evalArg(Object dot, Node n) {
    node = n;
    if (n instanceof DotNode) {
      return dot;
    }
    if (n instanceof NilNode) {
      return null;
    }
    if (n instanceof FieldNode) {
      FieldNode f = (FieldNode) n;
      return evalFieldChain(dot, dot, f, f.ident, 0, null, MISSING);
    }
    if (n instanceof VariableNode) {
      return evalVariableNode(dot, (VariableNode) n, null, MISSING);
    }
    if (n instanceof PipeNode) {
      return evalPipeline(dot, (PipeNode) n);
    }
    if (n instanceof IdentifierNode) {
      return evalFunction(dot, (IdentifierNode) n, n, null, MISSING);
    }
    if (n instanceof ChainNode) {
      return evalChainNode(dot, (ChainNode) n, null, MISSING);
    }
    if (n instanceof BoolNode) {
      return ((BoolNode) n).value;
    }
    if (n instanceof NumberNode) {
      return ideal((NumberNode) n);
    }
    if (n instanceof StringNode) {
      return ((StringNode) n).text;
    }
    throw errorf("can't handle " + n + " for arg of type interface {}");
  }

  private static Object toArg(Object v) {
    return v == GoValues.NO_VALUE ? null : v;
  }

  private Object evalFunction(
      Object dot, IdentifierNode id, Node cmd, List<Node> args, Object fin) {
    node = id;
    String name = id.ident;
    IdentifierNode.Resolved r = id.resolved;
    if (r == null || r.functions != functions) {
      TemplateFunction fn = functions.get(name);
      boolean builtin = false;
      if (fn == null) {
        fn = Builtins.get(name);
        builtin = true;
        if (fn == null) {
          throw errorf(GoFmt.quote(name) + " is not a defined function");
        }
      }
      r = new IdentifierNode.Resolved(functions, fn, builtin);
      id.resolved = r;
    }
    return evalCall(dot, r.fn, r.builtin, cmd, name, args, fin);
  }

  private Object evalCall(
      Object dot,
      TemplateFunction fn,
      boolean builtin,
      Node cmd,
      String name,
      List<Node> args,
      Object fin) {
    List<Node> argNodes = args == null ? List.of() : args.subList(1, args.size());
    int numIn = argNodes.size() + (fin != MISSING ? 1 : 0);
    if (builtin && (name.equals("and") || name.equals("or"))) {
      if (numIn < 1) {
        throw errorf("wrong number of args for " + name + ": want at least 1 got 0");
      }
      boolean isOr = name.equals("or");
      Object v = null;
      for (Node a : argNodes) {
        v = evalArg(dot, a);
        if (GoValues.isTrue(v) == isOr) {
          return v;
        }
      }
      if (fin != MISSING) {
        v = fin;
      }
      return v;
    }
    if (fn instanceof Builtins.Arity) {
      Builtins.Arity ar = (Builtins.Arity) fn;
      if (ar.variadic()) {
        if (numIn < ar.min()) {
          throw errorf(
              "wrong number of args for "
                  + name
                  + ": want at least "
                  + ar.min()
                  + " got "
                  + argNodes.size());
        }
      } else if (numIn != ar.min()) {
        throw errorf("wrong number of args for " + name + ": want " + ar.min() + " got " + numIn);
      }
    }
    Object[] argv = new Object[numIn];
    for (int i = 0; i < argNodes.size(); i++) {
      Object v = evalArg(dot, argNodes.get(i));
      argv[i] = builtin ? v : toArg(v);
    }
    if (fin != MISSING) {
      argv[numIn - 1] = builtin ? fin : toArg(fin);
    }
    node = cmd;
    try {
      return fn.call(this, Arrays.asList(argv));
    } catch (ExecError | Signal e) {
      throw e;
    } catch (Builtins.ArgError e) {
      throw errorf(e.getMessage());
    } catch (StackOverflowError e) {
      throw errorf("error calling " + name + ": stack overflow");
    } catch (Exception e) {
      throw errorf("error calling " + name + ": " + message(e));
    }
  }
}
