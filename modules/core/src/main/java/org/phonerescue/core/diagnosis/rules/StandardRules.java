package org.phonerescue.core.diagnosis.rules;

import java.util.List;
import org.phonerescue.core.diagnosis.Rule;

/** Every diagnosis rule the product ships, the healthy case first. */
public final class StandardRules {

    private StandardRules() {
    }

    public static List<Rule> all() {
        return List.of(new RecoveredRule(), new ImageRejectedLoopRule(), new TftpFileNotFoundRule(),
                new TftpAccessViolationRule(), new DownloadRefusedRule(), new Tftp32MbLimitRule(),
                new ServerUnreachableRule(), new TransferStalledRule(), new DhcpNoOfferRule(), new DhcpRogueServerRule(),
                new Option150ByteOrderRule(), new ConfigFileMissingRule(), new ImageCorruptRule(), new ImageLoaderMismatchRule(), new LoadsFileMissingRule(), new SpaNoReplyRule(),
                new SpaReplyUnansweredRule(), new SpaRrqUnansweredRule(), new SpaMulticastAckLostRule(),
                new DuplicateIpRule(), new Option150UnreachableRule(), new SubnetMismatchRule(),
                new VoiceVlanMismatchRule(), new SpaLoaderTimeoutRule(), new SpaLoaderUrlRetryRule(),
                new ArpUnansweredRule(), new CaptureEndedAfterDownloadRule(), new SilentAfterDownloadRule(),
                new Option66UnresolvedRule(), new Option66Option150DisagreeRule());
    }
}
