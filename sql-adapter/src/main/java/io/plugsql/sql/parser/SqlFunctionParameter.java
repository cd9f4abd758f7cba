package io.plugsql.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One {@code [name] type} parameter of CREATE FUNCTION; the name is optional. */
public final class SqlFunctionParameter extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("PARAMETER", SqlKind.OTHER);

    private final @Nullable SqlIdentifier name;
    private final SqlDataTypeSpec type;

    public SqlFunctionParameter(SqlParserPos pos, @Nullable SqlIdentifier name, SqlDataTypeSpec type) {
        super(pos);
        this.name = name;
        this.type = requireNonNull(type, "type is null");
    }

    /** The parameter's name, or null when only the type was given. */
    public @Nullable SqlIdentifier name() {
        return name;
    }

    public SqlDataTypeSpec type() {
        return type;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> operands = new ArrayList<>(2);
        if (name != null) {
            operands.add(name);
        }
        operands.add(type);
        return operands;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        if (name != null) {
            name.unparse(writer, 0, 0);
        }
        type.unparse(writer, 0, 0);
    }
}
