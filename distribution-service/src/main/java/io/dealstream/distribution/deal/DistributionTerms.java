package io.dealstream.distribution.deal;

import io.dealstream.distribution.right.Cloud;
import io.dealstream.distribution.right.ConditionKind;
import io.dealstream.distribution.right.Mode;
import io.dealstream.distribution.right.NewRight;
import io.dealstream.distribution.right.Product;
import io.dealstream.distribution.right.RightsConfig;
import java.util.List;

/**
 * The rights the 2026 Amazon-OpenAI partnership grants, as the sources state them (docs/deal.md, Distribution):
 * Frontier exclusively on AWS, the Stateful Runtime on Bedrock, custom models for Amazon, and Azure keeping the
 * stateless APIs. Ids are the bare names ({@link #FRONTIER_AWS}, …); each figure is named after what it belongs to.
 * When the partner's rights take effect is a setting ({@link RightsConfig}). {@link DistributionSeed} records them
 * at first start.
 */
public final class DistributionTerms {

    public static final String FRONTIER_AWS = "frontier-aws";
    public static final String STATEFUL_RUNTIME_BEDROCK = "stateful-runtime-bedrock";
    public static final String CUSTOM_MODELS_AMAZON = "custom-models-amazon";
    public static final String STATELESS_API_AZURE = "stateless-api-azure";

    public static final String AMAZON = "Amazon";
    public static final String MICROSOFT = "Microsoft";

    /** Whether no other cloud may offer the product in the mode. */
    public static final boolean EXCLUSIVE = true;
    public static final boolean NOT_EXCLUSIVE = false;

    public static final String FRONTIER_AWS_GRANTS = "AWS is the exclusive third-party cloud distribution provider of "
            + "OpenAI Frontier, the enterprise platform to build, deploy and manage teams of AI agents";
    public static final String STATEFUL_RUNTIME_BEDROCK_GRANTS = "The Stateful Runtime Environment, co-developed "
            + "with OpenAI and powered by OpenAI models, offered through Amazon Bedrock and integrated with Bedrock "
            + "AgentCore";
    public static final String CUSTOM_MODELS_AMAZON_GRANTS = "Customised OpenAI models for Amazon's customer-facing "
            + "applications, complementing (not replacing) Amazon's Nova models; served STATEFUL on AWS (an "
            + "assumption: the sources do not say how)";
    public static final String STATELESS_API_AZURE_GRANTS = "Azure stays the exclusive cloud provider of stateless "
            + "OpenAI APIs; Microsoft keeps its exclusive IP licence and revenue share";

    /** Azure's stateless exclusivity predates the deal and waits on nothing in it. */
    public static final NewRight.NewCondition PRE_EXISTING = new NewRight.NewCondition(ConditionKind.NONE,
            "none: pre-existing, in force independently of this deal");
    /** Put before the condition's text when the sources do not tie the right to the funding. */
    public static final String ILLUSTRATIVE = "ILLUSTRATIVE ASSUMPTION (the sources tie this right to no tranche): ";
    private static final String AS_STATED = "";

    private DistributionTerms() {
    }

    /** The seeds for the partner {@code investor} (Amazon) with the configured conditions. */
    public static List<NewRight> rights(String investor, RightsConfig config) {
        return List.of(
                new NewRight(FRONTIER_AWS, AMAZON, Product.FRONTIER, Cloud.AWS, Mode.STATEFUL, EXCLUSIVE,
                        FRONTIER_AWS_GRANTS, partnerCondition(config.frontierCondition(), investor, AS_STATED)),
                new NewRight(STATEFUL_RUNTIME_BEDROCK, AMAZON, Product.STATEFUL_RUNTIME, Cloud.AWS, Mode.STATEFUL,
                        NOT_EXCLUSIVE, STATEFUL_RUNTIME_BEDROCK_GRANTS,
                        partnerCondition(config.statefulRuntimeCondition(), investor, AS_STATED)),
                new NewRight(CUSTOM_MODELS_AMAZON, AMAZON, Product.CUSTOM_MODELS, Cloud.AWS, Mode.STATEFUL,
                        NOT_EXCLUSIVE, CUSTOM_MODELS_AMAZON_GRANTS,
                        partnerCondition(config.customModelsCondition(), investor, ILLUSTRATIVE)),
                new NewRight(STATELESS_API_AZURE, MICROSOFT, Product.STATELESS_API, Cloud.AZURE, Mode.STATELESS,
                        EXCLUSIVE, STATELESS_API_AZURE_GRANTS, PRE_EXISTING));
    }

    /** A condition on the partner's funding, in the kind's standard words after {@code caveat}. */
    private static NewRight.NewCondition partnerCondition(ConditionKind kind, String investor, String caveat) {
        return new NewRight.NewCondition(kind, caveat + kind.text(investor));
    }
}
