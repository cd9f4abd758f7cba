package io.plugsql.sql.internal;

import io.plugsql.sql.function.WasmSqlFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Catalog reader that resolves calls of WASM functions to {@link WasmSqlFunction}s, operators whose
 * identity is the function's schema, name and version, instead of Calcite's name-only ones.
 */
final class WasmCatalogReader extends CalciteCatalogReader {
    private WasmCatalogReader(CalciteCatalogReader reader, List<List<String>> schemaPaths) {
        super(reader.getRootSchema(), reader.nameMatcher(), schemaPaths, reader.getTypeFactory(), reader.getConfig());
    }

    /** {@code reader} with WASM functions resolved to {@link WasmSqlFunction}s. */
    static WasmCatalogReader of(CalciteCatalogReader reader) {
        return reader instanceof WasmCatalogReader wasm ? wasm : new WasmCatalogReader(reader, reader.getSchemaPaths());
    }

    @Override
    public CalciteCatalogReader withSchemaPath(List<String> schemaPath) {
        return new WasmCatalogReader(this, List.of(schemaPath, List.of()));
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, @Nullable SqlFunctionCategory category,
            SqlSyntax syntax, List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        List<SqlOperator> found = new ArrayList<>();
        super.lookupOperatorOverloads(opName, category, syntax, found, nameMatcher);
        found.forEach(operator -> operatorList.add(WasmSqlFunction.identify(operator)));
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        return super.getOperatorList().stream().map(WasmSqlFunction::identify).toList();
    }
}
