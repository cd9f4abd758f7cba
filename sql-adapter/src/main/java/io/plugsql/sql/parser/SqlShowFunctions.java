package io.plugsql.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Parse tree of {@code SHOW FUNCTIONS}: a query over the catalog table {@code plugsql.functions},
 * so that it returns rows (Calcite runs DDL for an update count only).
 */
public final class SqlShowFunctions extends SqlSelect {
    /** Schema of the catalog tables. */
    public static final String CATALOG_SCHEMA = "plugsql";

    /** The catalog table SHOW FUNCTIONS lists. */
    public static final String FUNCTIONS_TABLE = "functions";

    public SqlShowFunctions(SqlParserPos pos) {
        super(pos, null, SqlNodeList.of(SqlIdentifier.star(pos)),
                new SqlIdentifier(List.of(CATALOG_SCHEMA, FUNCTIONS_TABLE), pos),
                null, null, null, null, null, null, null, null, null);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SHOW FUNCTIONS");
    }
}
