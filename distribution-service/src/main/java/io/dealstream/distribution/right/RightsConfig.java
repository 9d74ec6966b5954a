package io.dealstream.distribution.right;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The rules' settings. The conditions of the seeded rights apply when they are first seeded; changing them later
 * does not alter rights already stored.
 */
@ConfigMapping(prefix = "dealstream.rights")
public interface RightsConfig {

    /** When frontier-aws activates; the project's reading of "the deal closes", not stated in the sources. */
    @WithDefault("FIRST_TRANCHE_FUNDED")
    ConditionKind frontierCondition();

    /** When stateful-runtime-bedrock activates; the project's reading, not stated in the sources. */
    @WithDefault("FIRST_TRANCHE_FUNDED")
    ConditionKind statefulRuntimeCondition();

    /** When custom-models-amazon activates: an ILLUSTRATIVE ASSUMPTION, the sources tie it to no tranche. */
    @WithDefault("ALL_COMMITTED_FUNDED")
    ConditionKind customModelsCondition();
}
