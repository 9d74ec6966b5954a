package io.dealstream.launch;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The next page a list's answer names in its {@code Link} header (RFC 8288): the target of the link whose
 * {@code rel} includes {@code next}, as written (a relative reference: the services' lists answer with one). Only the
 * JDK here: the console takes it without the launchers' dependencies.
 */
public final class PageLink {

    /** One link-value: {@code <target>} and its parameters, up to the next link-value. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^;,\\s]+))",
            Pattern.CASE_INSENSITIVE);

    private PageLink() {
    }

    /** The next page's target among the answer's {@code Link} header values, if one names it. */
    public static Optional<String> next(List<String> linkHeaders) {
        for (String header : linkHeaders) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                while (rel.find()) {
                    String relations = rel.group(1) != null ? rel.group(1) : rel.group(2);
                    for (String relation : relations.trim().split("\\s+")) {
                        if (relation.toLowerCase(Locale.ROOT).equals("next")) {
                            return Optional.of(link.group(1));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
