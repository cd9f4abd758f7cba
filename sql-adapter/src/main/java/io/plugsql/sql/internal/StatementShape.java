package io.plugsql.sql.internal;

import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.StatementLimits;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSyntax;

/**
 * Checks a statement against its {@link StatementLimits} in time linear in its size and without
 * recursion (a statement too deep for the parser's or validator's stack must not overflow ours):
 * the text before it is parsed, the parse tree before it is validated.
 */
final class StatementShape {
    private StatementShape() {}

    /** The text's length and its parentheses' depth (outside quotes and comments). */
    static void checkText(String sql, StatementLimits limits) {
        if (sql.length() > limits.maxStatementChars()) {
            throw new PlugSqlException(SqlAdapterErrorCode.STATEMENT_TOO_LARGE, "the statement has " + sql.length()
                    + " characters; at most " + limits.maxStatementChars() + " are allowed (max-statement-chars)");
        }
        int depth = 0;
        int deepest = 0;
        int length = sql.length();
        for (int i = 0; i < length; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? length : newline;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 1;
            } else if (c == '(') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ')') {
                depth--;
            }
        }
        if (deepest > limits.maxNestingDepth()) {
            throw tooDeep("parentheses nest " + deepest + " levels deep", limits);
        }
    }

    /** The index of the quote closing the one at {@code start} (a doubled quote is part of the text). */
    private static int endOfQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            int end = sql.indexOf(quote, i);
            if (end < 0) {
                return sql.length();
            }
            if (end + 1 < sql.length() && sql.charAt(end + 1) == quote) {
                i = end + 2;
            } else {
                return end;
            }
        }
        return sql.length();
    }

    /**
     * The parse tree's expression depth (the statement is level 0, each call or operator in it one level
     * below its parent) and its calls of functions named like one of
     * {@code wasmFunctionNames} (lower case), the WASM functions the statement's tenant can see.
     */
    static void checkTree(SqlNode root, Set<String> wasmFunctionNames, StatementLimits limits) {
        Deque<SqlNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(0);
        int calls = 0;
        while (!nodes.isEmpty()) {
            SqlNode node = nodes.pop();
            int depth = depths.pop();
            if (node instanceof SqlNodeList list) {
                for (SqlNode element : list) {
                    push(nodes, depths, element, depth);
                }
            } else if (node instanceof SqlCall call) {
                if (depth > limits.maxNestingDepth()) {
                    throw tooDeep("expressions nest more than " + limits.maxNestingDepth() + " levels deep", limits);
                }
                if (isWasmCall(call, wasmFunctionNames) && ++calls > limits.maxFunctionCalls()) {
                    throw new PlugSqlException(SqlAdapterErrorCode.STATEMENT_TOO_COMPLEX, "the statement calls WASM "
                            + "functions more than " + limits.maxFunctionCalls() + " times (max-function-calls)");
                }
                for (SqlNode operand : call.getOperandList()) {
                    push(nodes, depths, operand, depth + 1);
                }
            }
        }
    }

    private static void push(Deque<SqlNode> nodes, Deque<Integer> depths, SqlNode node, int depth) {
        if (node != null) {
            nodes.push(node);
            depths.push(depth);
        }
    }

    private static boolean isWasmCall(SqlCall call, Set<String> wasmFunctionNames) {
        if (!(call.getOperator() instanceof SqlFunction function) || function.getSyntax() != SqlSyntax.FUNCTION
                || function.getSqlIdentifier() == null) {
            return false;
        }
        var names = function.getSqlIdentifier().names;
        return wasmFunctionNames.contains(names.get(names.size() - 1).toLowerCase(Locale.ROOT));
    }

    private static PlugSqlException tooDeep(String what, StatementLimits limits) {
        return new PlugSqlException(SqlAdapterErrorCode.STATEMENT_TOO_COMPLEX, "the statement is too complex: "
                + what + " (at most " + limits.maxNestingDepth() + " levels, max-nesting-depth)");
    }
}
