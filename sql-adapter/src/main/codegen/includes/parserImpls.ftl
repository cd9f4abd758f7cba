<#--
  plugsql statements: WASM function DDL, function privileges, and the tenant table DDL.
  Each production builds a node from io.plugsql.sql.parser (or calcite-core's SqlDdlNodes for
  tables); every node unparses to the statement it was parsed from.
-->

boolean IfNotExistsOpt() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** Parses {@code [name] type}: a parameter of CREATE FUNCTION, the name optional. */
void AddFunctionParameter(List<SqlNode> list) :
{
    final Span s;
    SqlIdentifier name = null;
    final SqlDataTypeSpec type;
}
{
    (
        LOOKAHEAD(2)
        name = SimpleIdentifier() { s = Span.of(name); } type = DataType()
    |
        type = DataType() { s = Span.of(type); }
    )
    {
        list.add(new SqlFunctionParameter(s.end(this), name, type));
    }
}

/**
 * Parses {@code key = value} of a WITH clause; the value is a literal or an identifier. The reserved
 * words DETERMINISTIC (a key) and CALL (a value of on_null_input) are accepted unquoted.
 */
void AddWasmOption(List<SqlNode> list) :
{
    final Span s;
    final SqlNode key;
    final SqlNode value;
}
{
    (
        key = SimpleIdentifier()
    |
        key = StringLiteral()
    |
        <DETERMINISTIC> { key = new SqlIdentifier("DETERMINISTIC", getPos()); }
    )
    { s = Span.of(key); }
    <EQ>
    (
        value = Literal()
    |
        value = SimpleIdentifier()
    |
        <CALL> { value = new SqlIdentifier("CALL", getPos()); }
    )
    {
        list.add(new SqlWasmOption(s.end(this), key, value));
    }
}

/**
 * Parses {@code CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] name (params) RETURNS type
 * LANGUAGE WASM [WITH (optionList)] AS literal}; CREATE [OR REPLACE] is already consumed.
 */
SqlCreate SqlCreateWasmFunction(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<SqlNode> params = new ArrayList<SqlNode>();
    final Span ps;
    final SqlDataTypeSpec returnType;
    final List<SqlNode> optionList = new ArrayList<SqlNode>();
    Span os = null;
    final SqlNode body;
}
{
    <FUNCTION> ifNotExists = IfNotExistsOpt()
    id = CompoundIdentifier()
    <LPAREN> { ps = span(); }
    [
        AddFunctionParameter(params)
        ( <COMMA> AddFunctionParameter(params) )*
    ]
    <RPAREN>
    <RETURNS> returnType = DataType()
    <LANGUAGE> <WASM>
    [
        <WITH> <LPAREN> { os = span(); }
        AddWasmOption(optionList)
        ( <COMMA> AddWasmOption(optionList) )*
        <RPAREN>
    ]
    <AS> body = StringLiteral()
    {
        return new SqlCreateWasmFunction(s.end(this), replace, ifNotExists, id,
            new SqlNodeList(params, ps.end(this)), returnType,
            new SqlNodeList(optionList, os == null ? SqlParserPos.ZERO : os.end(this)),
            body);
    }
}

/** Parses {@code DROP FUNCTION [IF EXISTS] name}; DROP is already consumed. */
SqlDrop SqlDropWasmFunction(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <FUNCTION> ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropWasmFunction(s.end(this), ifExists, id);
    }
}

/** Parses {@code SHOW FUNCTIONS}. */
SqlNode SqlShowFunctions() :
{
    final Span s;
}
{
    <SHOW> { s = span(); } <FUNCTIONS>
    {
        return new SqlShowFunctions(s.end(this));
    }
}

/** Parses {@code GRANT EXECUTE ON FUNCTION schema.name TO tenant}. */
SqlNode SqlGrantExecute() :
{
    final Span s;
    final SqlIdentifier function;
    final SqlIdentifier grantee;
}
{
    <GRANT> { s = span(); } <EXECUTE> <ON> <FUNCTION> function = CompoundIdentifier()
    <TO> grantee = SimpleIdentifier()
    {
        return new SqlFunctionPrivilege(s.end(this), true, function, grantee);
    }
}

/** Parses {@code REVOKE EXECUTE ON FUNCTION schema.name FROM tenant}. */
SqlNode SqlRevokeExecute() :
{
    final Span s;
    final SqlIdentifier function;
    final SqlIdentifier grantee;
}
{
    <REVOKE> { s = span(); } <EXECUTE> <ON> <FUNCTION> function = CompoundIdentifier()
    <FROM> grantee = SimpleIdentifier()
    {
        return new SqlFunctionPrivilege(s.end(this), false, function, grantee);
    }
}

/** Parses a column {@code name type [NOT NULL]} or a {@code PRIMARY KEY (columns)} constraint. */
void AddTableElement(List<SqlNode> list) :
{
    final Span s;
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
    final boolean nullable;
    final SqlNodeList columns;
}
{
    (
        id = SimpleIdentifier() { s = Span.of(id); } type = DataType() nullable = NullableOptDefaultTrue()
        {
            list.add(SqlDdlNodes.column(s.end(this), id, type.withNullable(nullable), null,
                nullable ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE));
        }
    |
        <PRIMARY> { s = span(); } <KEY> columns = ParenthesizedSimpleIdentifierList()
        {
            list.add(SqlDdlNodes.primary(s.end(this), null, columns));
        }
    )
}

/** Parses {@code CREATE TABLE [IF NOT EXISTS] name (elements)}; CREATE is already consumed. */
SqlCreate SqlCreateTenantTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<SqlNode> elements = new ArrayList<SqlNode>();
    final Span es;
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <LPAREN> { es = span(); }
    AddTableElement(elements)
    ( <COMMA> AddTableElement(elements) )*
    <RPAREN>
    {
        return SqlDdlNodes.createTable(s.end(this), replace, ifNotExists, id,
            new SqlNodeList(elements, es.end(this)), null);
    }
}

/** Parses {@code DROP TABLE [IF EXISTS] name}; DROP is already consumed. */
SqlDrop SqlDropTenantTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <TABLE> ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return SqlDdlNodes.dropTable(s.end(this), ifExists, id);
    }
}
