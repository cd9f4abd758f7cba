package io.plugsql.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Parse tree of {@code GRANT EXECUTE ON FUNCTION schema.name TO tenant} and
 * {@code REVOKE EXECUTE ON FUNCTION schema.name FROM tenant}.
 */
public final class SqlFunctionPrivilege extends SqlDdl {
    private static final SqlOperator GRANT = new SqlSpecialOperator("GRANT", SqlKind.OTHER_DDL);
    private static final SqlOperator REVOKE = new SqlSpecialOperator("REVOKE", SqlKind.OTHER_DDL);

    private final boolean grant;
    private final SqlIdentifier function;
    private final SqlIdentifier grantee;

    public SqlFunctionPrivilege(SqlParserPos pos, boolean grant, SqlIdentifier function, SqlIdentifier grantee) {
        super(grant ? GRANT : REVOKE, pos);
        this.grant = grant;
        this.function = requireNonNull(function, "function is null");
        this.grantee = requireNonNull(grantee, "grantee is null");
    }

    /** True for GRANT, false for REVOKE. */
    public boolean isGrant() {
        return grant;
    }

    public SqlIdentifier function() {
        return function;
    }

    /** The tenant receiving (or losing) the privilege. */
    public SqlIdentifier grantee() {
        return grantee;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(function, grantee);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(grant ? "GRANT" : "REVOKE");
        writer.keyword("EXECUTE ON FUNCTION");
        function.unparse(writer, 0, 0);
        writer.keyword(grant ? "TO" : "FROM");
        grantee.unparse(writer, 0, 0);
    }
}
