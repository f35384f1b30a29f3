package org.phonerescue.servers.preflight;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;


/**
 * An nftables ruleset as {@code nft list ruleset} prints it, and a small evaluator that says
 * whether an inbound IPv4 packet would pass the input hook. It understands the matches firewalls
 * written for a desktop use (protocol, destination port as value, range or set, destination
 * address or prefix, input interface, conntrack state) and answers "uncertain" for a rule it
 * cannot read rather than guess. iptables-nft rules appear in the same listing.
 */
public final class NftRuleset {

    /** An inbound packet to judge. */
    public record Packet(String protocol, int port, Inet4Address destination, String interfaceName, boolean established) {
    }

    /** What the ruleset does to a packet, and the rule (or policy) that decides. */
    public record Verdict(Outcome outcome, String where) {
    }

    public enum Outcome {
        ACCEPTED, DROPPED, UNCERTAIN
    }

    private record Chain(String table, String name, String policy, List<String> rules) {
    }

    private final List<Chain> inputChains;

    private NftRuleset(List<Chain> inputChains) {
        this.inputChains = inputChains;
    }

    /** Reads the listing; only IPv4-relevant (ip, inet) base chains on the input hook are kept. */
    public static NftRuleset parse(String listing) {
        List<Chain> chains = new ArrayList<>();
        String table = null;
        boolean ipv4Table = false;
        String chain = null;
        boolean input = false;
        String policy = "accept";
        List<String> rules = new ArrayList<>();
        int depth = 0;
        for (String raw : listing.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (depth == 0 && line.startsWith("table ")) {
                String[] t = line.split("\\s+");
                table = t[1] + " " + t[2];
                ipv4Table = t[1].equals("ip") || t[1].equals("inet");
                depth = 1;
                continue;
            }
            if (depth == 1 && line.startsWith("chain ")) {
                chain = line.split("\\s+")[1];
                input = false;
                policy = "accept";
                rules = new ArrayList<>();
                depth = 2;
                continue;
            }
            if (depth == 1 && line.endsWith("{")) {
                depth = 3; // a set, map or flowtable: skipped
                continue;
            }
            if (depth == 3) {
                if (line.equals("}")) {
                    depth = 1;
                }
                continue;
            }
            if (line.equals("}")) {
                if (depth == 2) {
                    if (input && ipv4Table) {
                        chains.add(new Chain(table, chain, policy, rules));
                    }
                    depth = 1;
                } else {
                    depth = 0;
                }
                continue;
            }
            if (depth == 2) {
                if (line.startsWith("type ")) {
                    input = line.contains(" hook input ");
                    int p = line.indexOf("policy ");
                    if (p >= 0) {
                        policy = line.substring(p + 7).replace(";", "").trim();
                    }
                } else {
                    rules.add(line);
                }
            }
        }
        return new NftRuleset(chains);
    }

    public boolean hasInputChains() {
        return !inputChains.isEmpty();
    }

    /** Every input base chain must let the packet through. */
    public Verdict judge(Packet packet) {
        Verdict overall = new Verdict(Outcome.ACCEPTED, "no input chain");
        for (Chain c : inputChains) {
            Verdict v = judge(c, packet);
            if (v.outcome() == Outcome.DROPPED) {
                return v;
            }
            if (v.outcome() == Outcome.UNCERTAIN) {
                overall = v;
            } else if (overall.outcome() == Outcome.ACCEPTED) {
                overall = v;
            }
        }
        return overall;
    }

    private static Verdict judge(Chain c, Packet packet) {
        String uncertain = null;
        for (String rule : c.rules()) {
            String verdict = verdictOf(rule);
            if (verdict == null) {
                continue; // counter, log and other non-terminal rules
            }
            Match m = matches(rule.substring(0, rule.indexOf(verdict)).trim(), packet);
            String where = "rule '" + rule + "' in chain " + c.table() + " " + c.name();
            if (m == Match.NO) {
                continue;
            }
            boolean stops = verdict.equals("accept") || verdict.equals("drop") || verdict.equals("reject");
            if (m == Match.YES && stops) {
                return new Verdict(verdict.equals("accept") ? Outcome.ACCEPTED : Outcome.DROPPED, where);
            }
            if (uncertain == null) {
                uncertain = where;
            }
        }
        if (uncertain != null) {
            return new Verdict(Outcome.UNCERTAIN, uncertain);
        }
        String where = "policy " + c.policy() + " of chain " + c.table() + " " + c.name();
        return new Verdict(c.policy().equals("accept") ? Outcome.ACCEPTED : Outcome.DROPPED, where);
    }

    private static String verdictOf(String rule) {
        for (String v : new String[] {"accept", "drop", "reject", "jump", "goto", "return", "queue"}) {
            if (rule.equals(v) || rule.endsWith(" " + v) || rule.contains(" " + v + " ") || rule.startsWith(v + " ")) {
                return v;
            }
        }
        return null;
    }

    private enum Match {
        YES, NO, UNKNOWN
    }

    /** Whether every match of a rule holds for the packet. */
    private static Match matches(String matches, Packet p) {
        List<String> tokens = tokens(matches);
        Match result = Match.YES;
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            Match m;
            int used;
            if ((t.equals("udp") || t.equals("tcp") || t.equals("th")) && i + 2 < tokens.size()
                    && tokens.get(i + 1).equals("dport")) {
                boolean negate = tokens.get(i + 2).equals("!=");
                String value = tokens.get(i + (negate ? 3 : 2));
                boolean protoOk = t.equals("th") || t.equals(p.protocol());
                m = protoOk && valueMatches(value, p.port()) != negate ? Match.YES : Match.NO;
                used = negate ? 4 : 3;
            } else if ((t.equals("udp") || t.equals("tcp")) && i + 1 < tokens.size() && tokens.get(i + 1).equals("sport")) {
                m = t.equals(p.protocol()) ? Match.UNKNOWN : Match.NO;
                used = 3;
            } else if (t.equals("ip") && i + 2 < tokens.size() && tokens.get(i + 1).equals("daddr")) {
                m = addressMatches(tokens.get(i + 2), p.destination());
                used = 3;
            } else if (t.equals("ip") && i + 2 < tokens.size() && tokens.get(i + 1).equals("protocol")
                    || t.equals("meta") && i + 2 < tokens.size() && tokens.get(i + 1).equals("l4proto")) {
                m = tokens.get(i + 2).contains(p.protocol()) ? Match.YES : Match.NO;
                used = 3;
            } else if ((t.equals("iif") || t.equals("iifname")) && i + 1 < tokens.size()) {
                String name = tokens.get(i + 1).replace("\"", "");
                boolean negate = name.equals("!=");
                if (negate) {
                    name = tokens.get(i + 2).replace("\"", "");
                }
                m = name.equals(p.interfaceName()) != negate ? Match.YES : Match.NO;
                used = negate ? 3 : 2;
            } else if (t.equals("ct") && i + 2 < tokens.size() && tokens.get(i + 1).equals("state")) {
                String states = tokens.get(i + 2);
                boolean established = states.contains("established") || states.contains("related");
                boolean isNew = states.contains("new");
                m = p.established() ? (established ? Match.YES : Match.NO) : (isNew ? Match.YES : Match.NO);
                used = 3;
            } else if (t.equals("counter") || t.equals("log") || t.equals("comment")) {
                used = skipStatement(tokens, i);
                m = Match.YES;
            } else {
                m = Match.UNKNOWN;
                used = 1;
            }
            if (m == Match.NO) {
                return Match.NO;
            }
            if (m == Match.UNKNOWN) {
                result = Match.UNKNOWN;
            }
            i += used;
        }
        return result;
    }

    private static int skipStatement(List<String> tokens, int i) {
        int j = i + 1;
        while (j < tokens.size() && (tokens.get(j).startsWith("\"") || tokens.get(j).matches("packets|bytes|prefix|\\d+")
                || tokens.get(j - 1).matches("packets|bytes|prefix"))) {
            j++;
        }
        return j - i;
    }

    /** A port value: {@code 69}, {@code 1024-65535}, {@code { 53, 67-69 }}. */
    private static boolean valueMatches(String value, int port) {
        for (String part : value.replace("{", "").replace("}", "").split(",")) {
            String v = part.trim();
            if (v.isEmpty()) {
                continue;
            }
            if (v.contains("-")) {
                String[] r = v.split("-");
                if (r[0].matches("\\d+") && r[1].matches("\\d+") && port >= Integer.parseInt(r[0])
                        && port <= Integer.parseInt(r[1])) {
                    return true;
                }
            } else if (v.matches("\\d+") && Integer.parseInt(v) == port) {
                return true;
            } else if (v.equals("tftp") && port == 69 || v.equals("bootps") && port == 67 || v.equals("http") && port == 80) {
                return true;
            }
        }
        return false;
    }

    private static Match addressMatches(String value, Inet4Address a) {
        if (value.startsWith("@") || value.startsWith("$")) {
            return Match.UNKNOWN; // a named set or variable
        }
        for (String part : value.replace("{", "").replace("}", "").split(",")) {
            String v = part.trim();
            if (v.isEmpty()) {
                continue;
            }
            String[] prefix = v.split("/");
            if (!prefix[0].matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                return Match.UNKNOWN;
            }
            int bits = prefix.length > 1 ? Integer.parseInt(prefix[1]) : 32;
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            if ((toLong(prefix[0]) & mask) == (toLong(a.getHostAddress()) & mask)) {
                return Match.YES;
            }
        }
        return Match.NO;
    }

    private static long toLong(String dotted) {
        long v = 0;
        for (String s : dotted.split("\\.")) {
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }

    /** Whitespace-separated tokens, keeping { ... } sets and quoted strings whole. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int braces = 0;
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            }
            if (Character.isWhitespace(c) && braces == 0 && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    @Override
    public String toString() {
        return inputChains.size() + " input chains";
    }

}
