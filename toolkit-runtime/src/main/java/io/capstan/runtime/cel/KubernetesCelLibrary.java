package io.capstan.runtime.cel;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Kubernetes CEL libraries of {@code k8s.io/apiserver/pkg/cel/library} that make sense outside
 * an API server, as CEL-Java declarations and bindings: {@code quantity}, {@code url}, {@code ip},
 * {@code cidr}, the k8s {@code regex} functions ({@code find}, {@code findAll}; RE2 syntax through
 * re2j, as Go's {@code regexp}) and {@code lists} ({@code isSorted}, {@code sum}, {@code min},
 * {@code max}, {@code indexOf}, {@code lastIndexOf}). Function names, overloads, results and error
 * texts follow Kubernetes; see {@link KubernetesCelLists} for the list functions.
 */
public final class KubernetesCelLibrary implements CelCompilerLibrary, CelRuntimeLibrary {

  /** The CEL type {@code kubernetes.Quantity}. */
  public static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

  /** The CEL type {@code kubernetes.URL}. */
  public static final CelType URL = OpaqueType.create("kubernetes.URL");

  /** The CEL type {@code net.IP}. */
  public static final CelType IP = OpaqueType.create("net.IP");

  /** The CEL type {@code net.CIDR}. */
  public static final CelType CIDR = OpaqueType.create("net.CIDR");

  private static final CelType STRING = SimpleType.STRING;
  private static final CelType BOOL = SimpleType.BOOL;
  private static final CelType INT = SimpleType.INT;
  private static final CelType DOUBLE = SimpleType.DOUBLE;
  private static final CelType A = TypeParamType.create("A");
  private static final CelType LIST_A = ListType.create(A);

  private static final KubernetesCelLibrary INSTANCE = new KubernetesCelLibrary();

  private KubernetesCelLibrary() {}

  /** The library, for {@code addLibraries} of a CEL compiler and runtime builder. */
  public static KubernetesCelLibrary library() {
    return INSTANCE;
  }

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    checker.addFunctionDeclarations(declarations());
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    runtime.addFunctionBindings(bindings());
  }

  private static List<CelFunctionDecl> declarations() {
    List<CelFunctionDecl> d = new ArrayList<>();
    // quantity
    d.add(fn("quantity", newGlobalOverload("string_to_quantity", QUANTITY, STRING)));
    d.add(fn("isQuantity", newGlobalOverload("is_quantity_string", BOOL, STRING)));
    d.add(fn("sign", newGlobalOverload("quantity_sign", INT, QUANTITY)));
    d.add(fn("isGreaterThan", member("quantity_is_greater_than", BOOL, QUANTITY, QUANTITY)));
    d.add(fn("isLessThan", member("quantity_is_less_than", BOOL, QUANTITY, QUANTITY)));
    d.add(fn("compareTo", member("quantity_compare_to", INT, QUANTITY, QUANTITY)));
    d.add(fn("asApproximateFloat", member("quantity_get_float", DOUBLE, QUANTITY)));
    d.add(fn("asInteger", member("quantity_get_int", INT, QUANTITY)));
    d.add(fn("isInteger", member("quantity_is_integer", BOOL, QUANTITY)));
    d.add(
        fn(
            "add",
            member("quantity_add", QUANTITY, QUANTITY, QUANTITY),
            member("quantity_add_int", QUANTITY, QUANTITY, INT)));
    d.add(
        fn(
            "sub",
            member("quantity_sub", QUANTITY, QUANTITY, QUANTITY),
            member("quantity_sub_int", QUANTITY, QUANTITY, INT)));
    // url
    d.add(fn("url", newGlobalOverload("string_to_url", URL, STRING)));
    d.add(fn("isURL", newGlobalOverload("is_url_string", BOOL, STRING)));
    d.add(fn("getScheme", member("url_get_scheme", STRING, URL)));
    d.add(fn("getHost", member("url_get_host", STRING, URL)));
    d.add(fn("getHostname", member("url_get_hostname", STRING, URL)));
    d.add(fn("getPort", member("url_get_port", STRING, URL)));
    d.add(fn("getEscapedPath", member("url_get_escaped_path", STRING, URL)));
    d.add(
        fn(
            "getQuery",
            member("url_get_query", MapType.create(STRING, ListType.create(STRING)), URL)));
    // ip and cidr
    d.add(fn("ip", newGlobalOverload("string_to_ip", IP, STRING), member("cidr_ip", IP, CIDR)));
    d.add(fn("isIP", newGlobalOverload("is_ip", BOOL, STRING)));
    d.add(fn("ip.isCanonical", newGlobalOverload("ip_is_canonical", BOOL, STRING)));
    d.add(fn("family", member("ip_family", INT, IP)));
    d.add(fn("isUnspecified", member("ip_is_unspecified", BOOL, IP)));
    d.add(fn("isLoopback", member("ip_is_loopback", BOOL, IP)));
    d.add(fn("isLinkLocalMulticast", member("ip_is_link_local_multicast", BOOL, IP)));
    d.add(fn("isLinkLocalUnicast", member("ip_is_link_local_unicast", BOOL, IP)));
    d.add(fn("isGlobalUnicast", member("ip_is_global_unicast", BOOL, IP)));
    d.add(fn("cidr", newGlobalOverload("string_to_cidr", CIDR, STRING)));
    d.add(fn("isCIDR", newGlobalOverload("is_cidr", BOOL, STRING)));
    d.add(
        fn(
            "containsIP",
            member("cidr_contains_ip_string", BOOL, CIDR, STRING),
            member("cidr_contains_ip_ip", BOOL, CIDR, IP)));
    d.add(
        fn(
            "containsCIDR",
            member("cidr_contains_cidr_string", BOOL, CIDR, STRING),
            member("cidr_contains_cidr", BOOL, CIDR, CIDR)));
    d.add(fn("prefixLength", member("cidr_prefix_length", INT, CIDR)));
    d.add(fn("masked", member("cidr_masked", CIDR, CIDR)));
    d.add(
        fn(
            "string",
            newGlobalOverload("ip_to_string", STRING, IP),
            newGlobalOverload("cidr_to_string", STRING, CIDR)));
    // regex
    d.add(fn("find", member("string_find_string", STRING, STRING, STRING)));
    d.add(
        fn(
            "findAll",
            member("string_find_all_string", ListType.create(STRING), STRING, STRING),
            member("string_find_all_string_int", ListType.create(STRING), STRING, STRING, INT)));
    // lists (one generic overload each; see KubernetesCelLists)
    d.add(fn("isSorted", member("list_a_is_sorted_bool", BOOL, LIST_A)));
    d.add(fn("sum", member("list_a_sum_a", A, LIST_A)));
    d.add(fn("min", member("list_a_min_a", A, LIST_A)));
    d.add(fn("max", member("list_a_max_a", A, LIST_A)));
    d.add(fn("indexOf", member("list_a_index_of_int", INT, LIST_A, A)));
    d.add(fn("lastIndexOf", member("list_a_last_index_of_int", INT, LIST_A, A)));
    return d;
  }

  private static List<CelFunctionBinding> bindings() {
    List<CelFunctionBinding> b = new ArrayList<>();
    b.add(unary("string_to_quantity", String.class, s -> call(() -> CelQuantity.parse(s))));
    b.add(unary("is_quantity_string", String.class, CelQuantity::isQuantity));
    b.add(unary("quantity_sign", CelQuantity.class, CelQuantity::sign));
    b.add(
        binary(
            "quantity_is_greater_than",
            CelQuantity.class,
            CelQuantity.class,
            (x, y) -> x.compareTo(y) > 0));
    b.add(
        binary(
            "quantity_is_less_than",
            CelQuantity.class,
            CelQuantity.class,
            (x, y) -> x.compareTo(y) < 0));
    b.add(
        binary(
            "quantity_compare_to",
            CelQuantity.class,
            CelQuantity.class,
            (x, y) -> (long) Integer.signum(x.compareTo(y))));
    b.add(unary("quantity_get_float", CelQuantity.class, CelQuantity::asApproximateFloat));
    b.add(unary("quantity_get_int", CelQuantity.class, q -> call(q::asInteger)));
    b.add(unary("quantity_is_integer", CelQuantity.class, CelQuantity::isInteger));
    b.add(binary("quantity_add", CelQuantity.class, CelQuantity.class, CelQuantity::add));
    b.add(
        binary(
            "quantity_add_int",
            CelQuantity.class,
            Long.class,
            (q, n) -> q.add(new CelQuantity(java.math.BigDecimal.valueOf(n)))));
    b.add(binary("quantity_sub", CelQuantity.class, CelQuantity.class, CelQuantity::sub));
    b.add(
        binary(
            "quantity_sub_int",
            CelQuantity.class,
            Long.class,
            (q, n) -> q.sub(new CelQuantity(java.math.BigDecimal.valueOf(n)))));

    b.add(unary("string_to_url", String.class, s -> call(() -> CelUrl.parse(s))));
    b.add(unary("is_url_string", String.class, CelUrl::isUrl));
    b.add(unary("url_get_scheme", CelUrl.class, CelUrl::scheme));
    b.add(unary("url_get_host", CelUrl.class, CelUrl::getHost));
    b.add(unary("url_get_hostname", CelUrl.class, CelUrl::getHostname));
    b.add(unary("url_get_port", CelUrl.class, CelUrl::getPort));
    b.add(unary("url_get_escaped_path", CelUrl.class, CelUrl::getEscapedPath));
    b.add(unary("url_get_query", CelUrl.class, CelUrl::getQuery));

    b.add(unary("string_to_ip", String.class, s -> call(() -> CelIp.parse(s))));
    b.add(unary("is_ip", String.class, CelIp::isIp));
    b.add(unary("ip_is_canonical", String.class, s -> call(() -> CelIp.isCanonical(s))));
    b.add(unary("ip_family", CelIp.class, CelIp::family));
    b.add(unary("ip_is_unspecified", CelIp.class, CelIp::isUnspecified));
    b.add(unary("ip_is_loopback", CelIp.class, CelIp::isLoopback));
    b.add(unary("ip_is_link_local_multicast", CelIp.class, CelIp::isLinkLocalMulticast));
    b.add(unary("ip_is_link_local_unicast", CelIp.class, CelIp::isLinkLocalUnicast));
    b.add(unary("ip_is_global_unicast", CelIp.class, CelIp::isGlobalUnicast));
    b.add(unary("ip_to_string", CelIp.class, CelIp::toString));
    b.add(unary("string_to_cidr", String.class, s -> call(() -> CelCidr.parse(s))));
    b.add(unary("is_cidr", String.class, CelCidr::isCidr));
    b.add(
        binary(
            "cidr_contains_ip_string",
            CelCidr.class,
            String.class,
            (c, s) -> call(() -> c.containsIp(CelIp.parse(s)))));
    b.add(binary("cidr_contains_ip_ip", CelCidr.class, CelIp.class, CelCidr::containsIp));
    b.add(
        binary(
            "cidr_contains_cidr_string",
            CelCidr.class,
            String.class,
            (c, s) -> call(() -> c.containsCidr(CelCidr.parse(s)))));
    b.add(binary("cidr_contains_cidr", CelCidr.class, CelCidr.class, CelCidr::containsCidr));
    b.add(unary("cidr_ip", CelCidr.class, CelCidr::ip));
    b.add(unary("cidr_prefix_length", CelCidr.class, c -> (long) c.prefixLength()));
    b.add(unary("cidr_masked", CelCidr.class, CelCidr::masked));
    b.add(unary("cidr_to_string", CelCidr.class, CelCidr::toString));

    b.add(binary("string_find_string", String.class, String.class, (s, re) -> find(s, re)));
    b.add(
        binary(
            "string_find_all_string", String.class, String.class, (s, re) -> findAll(s, re, -1)));
    b.add(
        CelFunctionBinding.from(
            "string_find_all_string_int",
            List.of(String.class, String.class, Long.class),
            args -> findAll((String) args[0], (String) args[1], (Long) args[2])));

    b.add(
        unary(
            "list_a_is_sorted_bool", List.class, l -> call(() -> KubernetesCelLists.isSorted(l))));
    b.add(unary("list_a_sum_a", List.class, l -> call(() -> KubernetesCelLists.sum(l))));
    b.add(unary("list_a_min_a", List.class, l -> call(() -> KubernetesCelLists.min(l))));
    b.add(unary("list_a_max_a", List.class, l -> call(() -> KubernetesCelLists.max(l))));
    b.add(binary("list_a_index_of_int", List.class, Object.class, KubernetesCelLists::indexOf));
    b.add(
        binary(
            "list_a_last_index_of_int", List.class, Object.class, KubernetesCelLists::lastIndexOf));
    return b;
  }

  private static String find(String s, String regex) throws CelEvaluationException {
    var m = compile(regex).matcher(s);
    return m.find() ? m.group() : "";
  }

  private static List<String> findAll(String s, String regex, long n)
      throws CelEvaluationException {
    var m = compile(regex).matcher(s);
    List<String> out = new ArrayList<>();
    int from = 0;
    int lastEnd = -1;
    while ((n < 0 || out.size() < n) && from <= s.length() && m.find(from)) {
      // Go's FindAllString skips an empty match right after the previous match.
      if (m.end() == m.start() && m.start() == lastEnd) {
        from = m.start() + 1;
        continue;
      }
      out.add(m.group());
      lastEnd = m.end();
      from = m.end() > m.start() ? m.end() : m.end() + 1;
    }
    return out;
  }

  private static Pattern compile(String regex) throws CelEvaluationException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new CelEvaluationException("Illegal regex: " + e.getMessage(), e);
    }
  }

  /** Runs {@code body}, turning Kubernetes' error texts into evaluation errors. */
  private static <T> T call(Supplier<T> body) throws CelEvaluationException {
    try {
      return body.get();
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException(e.getMessage(), e);
    }
  }

  private static CelFunctionDecl fn(String name, CelOverloadDecl... overloads) {
    return CelFunctionDecl.newFunctionDeclaration(name, overloads);
  }

  private static CelOverloadDecl member(
      String id, CelType result, CelType receiver, CelType... args) {
    List<CelType> params = new ArrayList<>();
    params.add(receiver);
    params.addAll(List.of(args));
    return newMemberOverload(id, result, params);
  }

  private static <T> CelFunctionBinding unary(
      String id, Class<T> type, CelFunctionOverload.Unary<T> body) {
    return CelFunctionBinding.from(id, type, body);
  }

  private static <T1, T2> CelFunctionBinding binary(
      String id, Class<T1> left, Class<T2> right, CelFunctionOverload.Binary<T1, T2> body) {
    return CelFunctionBinding.from(id, left, right, body);
  }
}
