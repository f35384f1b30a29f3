package org.phonerescue.servers.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.phonerescue.servers.dhcp.DhcpOptionValues;
import org.phonerescue.servers.preflight.NftRuleset.Outcome;
import org.phonerescue.servers.preflight.NftRuleset.Packet;

/** Rulesets in the form {@code nft list ruleset} prints (nftables 1.0.6). */
class NftRulesetTest {

    private static final Packet TFTP = new Packet("udp", 69, DhcpOptionValues.ipv4("192.168.1.1"), "eth1", false);
    private static final Packet ACK = new Packet("udp", 50000, DhcpOptionValues.ipv4("192.168.1.1"), "eth1", true);
    private static final Packet SPA_ACK = new Packet("udp", 50000, DhcpOptionValues.ipv4("234.4.8.10"), "eth1", false);

    private static final String DESKTOP = """
            table inet filter {
            	set trusted {
            		type ipv4_addr
            		elements = { 10.0.0.1 }
            	}
            	chain input {
            		type filter hook input priority filter; policy drop;
            		ct state established,related accept
            		iif "lo" accept
            		tcp dport 22 accept
            		udp dport { 53, 67-68 } counter packets 0 bytes 0 accept
            		ip daddr 224.0.0.0/4 drop
            	}
            	chain forward {
            		type filter hook forward priority filter; policy drop;
            	}
            }
            table ip6 filter {
            	chain input {
            		type filter hook input priority filter; policy drop;
            	}
            }
            """;

    @Test
    void aDropPolicyWithoutAnAcceptForPort69DropsTftpButLetsAcksBack() {
        NftRuleset r = NftRuleset.parse(DESKTOP);
        assertTrue(r.hasInputChains());
        NftRuleset.Verdict tftp = r.judge(TFTP);
        assertEquals(Outcome.DROPPED, tftp.outcome());
        assertEquals("policy drop of chain inet filter input", tftp.where());
        assertEquals(Outcome.ACCEPTED, r.judge(ACK).outcome(), "conntrack lets the ACKs of our own transfer in");
        NftRuleset.Verdict spa = r.judge(SPA_ACK);
        assertEquals(Outcome.DROPPED, spa.outcome());
        assertEquals("rule 'ip daddr 224.0.0.0/4 drop' in chain inet filter input", spa.where());
        assertEquals(Outcome.ACCEPTED, r.judge(new Packet("udp", 67, DhcpOptionValues.ipv4("255.255.255.255"), "eth1",
                false)).outcome(), "udp dport { 53, 67-68 }");
    }

    @Test
    void rulesAreReadInOrderAndInterfacesMatter() {
        NftRuleset r = NftRuleset.parse("""
                table ip filter {
                	chain INPUT {
                		type filter hook input priority filter; policy accept;
                		iifname "eth1" udp dport 69 accept
                		udp dport 60-70 drop
                	}
                }
                """);
        assertEquals(Outcome.ACCEPTED, r.judge(TFTP).outcome());
        assertEquals(Outcome.DROPPED, r.judge(new Packet("udp", 69, TFTP.destination(), "wlan0", false)).outcome());
        assertEquals(Outcome.ACCEPTED, r.judge(ACK).outcome());
    }

    @Test
    void aRuleItCannotReadMakesTheAnswerUncertainNotWrong() {
        NftRuleset r = NftRuleset.parse("""
                table inet fw {
                	chain in {
                		type filter hook input priority 0; policy accept;
                		ip saddr @blocked drop
                	}
                }
                """);
        NftRuleset.Verdict v = r.judge(TFTP);
        assertEquals(Outcome.UNCERTAIN, v.outcome());
        assertTrue(v.where().contains("ip saddr @blocked drop"), v.where());
    }

    @Test
    void noInputChainFiltersNothing() {
        NftRuleset r = NftRuleset.parse("table inet nat {\n\tchain post {\n\t\ttype nat hook postrouting priority 100; policy accept;\n\t}\n}\n");
        assertFalse(r.hasInputChains());
        assertEquals(Outcome.ACCEPTED, r.judge(TFTP).outcome());
    }
}
