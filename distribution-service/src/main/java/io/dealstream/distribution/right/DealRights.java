package io.dealstream.distribution.right;

import java.util.List;

/** The rights the 2026 Amazon-OpenAI partnership grants (docs/deal.md, Distribution), seeded at first start. */
public final class DealRights {

    public static final String FRONTIER_AWS = "frontier-aws";
    public static final String STATEFUL_RUNTIME_BEDROCK = "stateful-runtime-bedrock";
    public static final String CUSTOM_MODELS_AMAZON = "custom-models-amazon";
    public static final String STATELESS_API_AZURE = "stateless-api-azure";

    private DealRights() {
    }

    /** The seeds for the partner {@code investor} (Amazon) with the configured conditions. */
    public static List<NewRight> of(String investor, RightsConfig config) {
        return List.of(
                new NewRight(FRONTIER_AWS, "Amazon", Product.FRONTIER, Cloud.AWS, Mode.STATEFUL, true,
                        "AWS is the exclusive third-party cloud distribution provider of OpenAI Frontier, the "
                                + "enterprise platform to build, deploy and manage teams of AI agents",
                        condition(config.frontierCondition(), investor, config, "")),
                new NewRight(STATEFUL_RUNTIME_BEDROCK, "Amazon", Product.STATEFUL_RUNTIME, Cloud.AWS, Mode.STATEFUL,
                        false, "The Stateful Runtime Environment, co-developed with OpenAI and powered by OpenAI "
                                + "models, offered through Amazon Bedrock and integrated with Bedrock AgentCore",
                        condition(config.statefulRuntimeCondition(), investor, config, "")),
                new NewRight(CUSTOM_MODELS_AMAZON, "Amazon", Product.CUSTOM_MODELS, Cloud.AWS, Mode.STATEFUL, false,
                        "Customised OpenAI models for Amazon's customer-facing applications, complementing (not "
                                + "replacing) Amazon's Nova models; served STATEFUL on AWS (an assumption: the sources "
                                + "do not say how)",
                        condition(config.customModelsCondition(), investor, config,
                                "ILLUSTRATIVE ASSUMPTION (the sources tie this right to no tranche): ")),
                new NewRight(STATELESS_API_AZURE, "Microsoft", Product.STATELESS_API, Cloud.AZURE, Mode.STATELESS,
                        true, "Azure stays the exclusive cloud provider of stateless OpenAI APIs; Microsoft keeps "
                                + "its exclusive IP licence and revenue share",
                        new NewRight.NewCondition(ConditionKind.NONE,
                                "none: pre-existing, in force independently of this deal")));
    }

    private static NewRight.NewCondition condition(ConditionKind kind, String investor, RightsConfig config,
            String caveat) {
        return new NewRight.NewCondition(kind, caveat + kind.text(investor, config.partnerCommitment()));
    }
}
