package io.plugsql.sql.internal;

import io.plugsql.error.PlugSqlException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.Resources.ExInst;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Creates sql-adapter errors whose message carries the statement position of the offending part. */
public final class SqlAdapterErrors {
    private SqlAdapterErrors() {}

    /** A {@link PlugSqlException} with the code, whose message is the resource's, prefixed with the position. */
    public static PlugSqlException at(SqlParserPos pos, SqlAdapterErrorCode code, ExInst<?> message) {
        CalciteContextException context = SqlUtil.newContextException(pos, message);
        return new PlugSqlException(code, String.valueOf(context.getMessage()), context);
    }
}
