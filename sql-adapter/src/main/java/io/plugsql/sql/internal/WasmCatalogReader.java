package io.plugsql.sql.internal;

import io.plugsql.sql.function.WasmSqlFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>One reader serves one statement's validation, which looks a name up again for each select item
 * (Calcite's aggregate check walks the whole select list per item): each name is read from the catalog
 * once per statement, and each lookup is a point where a cancel stops the validation.
 */
final class WasmCatalogReader extends CalciteCatalogReader {
    private final Map<Lookup, List<SqlOperator>> resolved;

    private WasmCatalogReader(CalciteCatalogReader reader, List<List<String>> schemaPaths,
            Map<Lookup, List<SqlOperator>> resolved) {
        super(reader.getRootSchema(), reader.nameMatcher(), schemaPaths, reader.getTypeFactory(), reader.getConfig());
        this.resolved = resolved;
    }

    /** {@code reader} with WASM functions resolved to {@link WasmSqlFunction}s. */
    static WasmCatalogReader of(CalciteCatalogReader reader) {
        return reader instanceof WasmCatalogReader wasm ? wasm
                : new WasmCatalogReader(reader, reader.getSchemaPaths(), new HashMap<>());
    }

    @Override
    public CalciteCatalogReader withSchemaPath(List<String> schemaPath) {
        return new WasmCatalogReader(this, List.of(schemaPath, List.of()), new HashMap<>());
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, @Nullable SqlFunctionCategory category,
            SqlSyntax syntax, List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        StatementCancellation.checkNotCancelled();
        Lookup key = new Lookup(opName.names, category, syntax, nameMatcher.isCaseSensitive());
        List<SqlOperator> operators = resolved.get(key);
        if (operators == null) {
            List<SqlOperator> found = new ArrayList<>();
            super.lookupOperatorOverloads(opName, category, syntax, found, nameMatcher);
            operators = found.stream().map(WasmSqlFunction::identify).toList();
            resolved.put(key, operators);
        }
        operatorList.addAll(operators);
    }

    /** What a function lookup depends on. */
    private record Lookup(List<String> names, @Nullable SqlFunctionCategory category, SqlSyntax syntax,
            boolean caseSensitive) {}

    @Override
    public List<SqlOperator> getOperatorList() {
        return super.getOperatorList().stream().map(WasmSqlFunction::identify).toList();
    }
}
