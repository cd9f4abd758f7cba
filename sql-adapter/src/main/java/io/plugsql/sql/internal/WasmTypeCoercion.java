package io.plugsql.sql.internal;

import io.plugsql.sql.function.WasmSqlFunction;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit type coercion, except that a character string is not implicitly converted for
 * a WASM function's non-character parameter: Calcite would insert a CAST that fails at run time on
 * the first value that does not parse, far from the call; the call is refused instead (42883, naming
 * the function and the argument types), and an explicit CAST or a typed literal does the conversion.
 */
final class WasmTypeCoercion extends TypeCoercionImpl {
    WasmTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    @Override
    public boolean userDefinedFunctionCoercion(SqlValidatorScope scope, SqlCall call, SqlFunction function) {
        if (function instanceof WasmSqlFunction
                && function.getOperandTypeChecker() instanceof SqlOperandMetadata metadata
                && parsesStrings(scope, call, metadata.paramTypes(validator.getTypeFactory()))) {
            return false;
        }
        return super.userDefinedFunctionCoercion(scope, call, function);
    }

    /** Whether coercing the call's positional arguments would parse a character string. */
    private boolean parsesStrings(SqlValidatorScope scope, SqlCall call, List<RelDataType> parameterTypes) {
        for (int i = 0; i < call.operandCount() && i < parameterTypes.size(); i++) {
            SqlNode operand = call.operand(i);
            if (operand.getKind() != SqlKind.ARGUMENT_ASSIGNMENT
                    && SqlTypeUtil.inCharFamily(validator.deriveType(scope, operand))
                    && !SqlTypeUtil.inCharFamily(parameterTypes.get(i))) {
                return true;
            }
        }
        return false;
    }
}
