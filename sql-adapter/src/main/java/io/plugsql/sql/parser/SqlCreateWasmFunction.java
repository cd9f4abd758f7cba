package io.plugsql.sql.parser;

import static io.plugsql.sql.PlugSqlResource.RESOURCE;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.BitString;
import org.apache.calcite.util.NlsString;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parse tree of {@code CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] [schema.]name ([param] type, ...)
 * RETURNS type LANGUAGE WASM [WITH (key = value, ...)] AS body}.
 *
 * <p>The WITH options and the body's shape are checked when the node is built, so that a parse
 * reports them with their position; decoding the body into module bytes is the executor's job.
 */
public final class SqlCreateWasmFunction extends SqlCreate {
    private static final SqlOperator OPERATOR =
            new SqlSpecialOperator("CREATE FUNCTION", SqlKind.CREATE_FUNCTION);

    private final SqlIdentifier name;
    private final SqlNodeList parameters;
    private final SqlDataTypeSpec returnType;
    private final SqlNodeList options;
    private final SqlNode body;
    private final WasmFunctionOptions checkedOptions;
    private final SqlTypeName bodyType;
    private final byte @Nullable [] binaryBody;
    private final @Nullable String textBody;

    public SqlCreateWasmFunction(SqlParserPos pos, boolean replace, boolean ifNotExists,
            SqlIdentifier name, SqlNodeList parameters, SqlDataTypeSpec returnType,
            SqlNodeList options, SqlNode body) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.returnType = requireNonNull(returnType, "returnType is null");
        this.options = requireNonNull(options, "options is null");
        this.body = requireNonNull(body, "body is null");
        checkParameterNames(parameters);
        this.checkedOptions = WasmFunctionOptions.of(options);
        List<SqlLiteral> fragments = fragments(body);
        this.bodyType = fragments.get(0).getTypeName();
        this.binaryBody = bodyType == SqlTypeName.BINARY ? concatenateBytes(fragments) : null;
        this.textBody = bodyType == SqlTypeName.BINARY
                ? null
                : requireNonNull(SqlLiteral.unchain(body).getValueAs(NlsString.class), "text").getValue();
        if (binaryBody != null ? binaryBody.length == 0 : requireNonNull(textBody, "text").isBlank()) {
            throw SqlUtil.newContextException(body.getParserPosition(), RESOURCE.emptyBody());
        }
    }

    /** The fragments of a literal continued over several lines ({@code X'00' '61'}), or the literal. */
    private static List<SqlLiteral> fragments(SqlNode body) {
        if (body instanceof SqlLiteral literal) {
            return List.of(literal);
        }
        List<SqlLiteral> list = new ArrayList<>();
        for (SqlNode operand : ((SqlCall) body).getOperandList()) {
            list.add((SqlLiteral) operand);
        }
        return list;
    }

    /** Joins the bytes of {@code X'..'} fragments; Calcite's unchain misaligns binary fragments. */
    private static byte[] concatenateBytes(List<SqlLiteral> fragments) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (SqlLiteral fragment : fragments) {
            BitString bits = requireNonNull(fragment.getValueAs(BitString.class), "bits");
            if (bits.getBitCount() % 8 != 0) {
                throw SqlUtil.newContextException(fragment.getParserPosition(),
                        RESOURCE.oddHexDigits(bits.getBitCount() / 4));
            }
            bytes.writeBytes(bits.getAsByteArray());
        }
        return bytes.toByteArray();
    }

    private static void checkParameterNames(SqlNodeList parameters) {
        Set<String> seen = new HashSet<>();
        for (SqlNode node : parameters) {
            SqlIdentifier parameterName = ((SqlFunctionParameter) node).name();
            if (parameterName != null && !seen.add(parameterName.getSimple().toLowerCase(Locale.ROOT))) {
                throw SqlUtil.newContextException(parameterName.getParserPosition(),
                        RESOURCE.duplicateParameter(parameterName.getSimple()));
            }
        }
    }

    /** The function's name as written: one part, or schema and name. */
    public SqlIdentifier name() {
        return name;
    }

    /** The parameters, in order. */
    public List<SqlFunctionParameter> parameters() {
        List<SqlFunctionParameter> list = new ArrayList<>(parameters.size());
        for (SqlNode node : parameters) {
            list.add((SqlFunctionParameter) node);
        }
        return list;
    }

    public SqlDataTypeSpec returnType() {
        return returnType;
    }

    /** The WITH options, checked. */
    public WasmFunctionOptions options() {
        return checkedOptions;
    }

    /** The bytes of an {@code X'...'} body, or null when the body is a character string. */
    public byte @Nullable [] binaryBody() {
        return binaryBody == null ? null : binaryBody.clone();
    }

    /** The text of a {@code '...'} body (base64 or WAT), or null when the body is {@code X'...'}. */
    public @Nullable String textBody() {
        return textBody;
    }

    /** Position of the body, for errors about the module. */
    public SqlParserPos bodyPosition() {
        return body.getParserPosition();
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, parameters, returnType, options, body);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (getReplace()) {
            writer.keyword("OR REPLACE");
        }
        writer.keyword("FUNCTION");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        SqlWriter.Frame parameterFrame = writer.startList("(", ")");
        for (SqlNode parameter : parameters) {
            writer.sep(",");
            parameter.unparse(writer, 0, 0);
        }
        writer.endList(parameterFrame);
        writer.keyword("RETURNS");
        returnType.unparse(writer, 0, 0);
        writer.keyword("LANGUAGE WASM");
        if (!options.isEmpty()) {
            writer.keyword("WITH");
            SqlWriter.Frame optionFrame = writer.startList("(", ")");
            for (SqlNode option : options) {
                writer.sep(",");
                option.unparse(writer, 0, 0);
            }
            writer.endList(optionFrame);
        }
        writer.keyword("AS");
        body.unparse(writer, 0, 0);
    }
}
