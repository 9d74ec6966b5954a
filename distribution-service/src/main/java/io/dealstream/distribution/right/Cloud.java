package io.dealstream.distribution.right;

/**
 * The clouds an entitlement can be asked about: the two the deal names (AWS, Azure) and two other large
 * third-party clouds, so that "any other cloud" can be asked about by name. The set is this service's choice.
 */
public enum Cloud {
    AWS,
    AZURE,
    GOOGLE_CLOUD,
    ORACLE_CLOUD
}
