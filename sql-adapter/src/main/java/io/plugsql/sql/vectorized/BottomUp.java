package io.plugsql.sql.vectorized;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.rel.RelNode;

/** The traversal of the programs that rewrite a physical plan after Calcite's: inputs first, then the node. */
final class BottomUp {
    private BottomUp() {}

    /** {@code node} with every input rewritten, then passed through {@code rewriteNode}. */
    static RelNode rewrite(RelNode node, UnaryOperator<RelNode> rewriteNode) {
        List<RelNode> inputs = new ArrayList<>(node.getInputs().size());
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode rewritten = rewrite(input, rewriteNode);
            changed |= rewritten != input;
            inputs.add(rewritten);
        }
        return rewriteNode.apply(changed ? node.copy(node.getTraitSet(), inputs) : node);
    }
}
