package io.plugsql.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** One {@code key = value} entry of the WITH clause of CREATE FUNCTION ... LANGUAGE WASM. */
public final class SqlWasmOption extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("WASM OPTION", SqlKind.OTHER);

    private final SqlNode key;
    private final SqlNode value;

    public SqlWasmOption(SqlParserPos pos, SqlNode key, SqlNode value) {
        super(pos);
        this.key = requireNonNull(key, "key is null");
        this.value = requireNonNull(value, "value is null");
    }

    /** The key in lower case, whether written as an identifier or as a string. */
    public String keyName() {
        return text(key).toLowerCase(Locale.ROOT);
    }

    /** The value as text: a string's contents, a number's digits, TRUE/FALSE, or an identifier. */
    public String valueText() {
        return text(value);
    }

    public SqlNode value() {
        return value;
    }

    private static String text(SqlNode node) {
        if (node instanceof SqlIdentifier identifier) {
            return identifier.getSimple();
        }
        return ((SqlLiteral) node).toValue();
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(key, value);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        key.unparse(writer, 0, 0);
        writer.keyword("=");
        value.unparse(writer, 0, 0);
    }
}
