package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ConversationMemoTest {

    private static final String CLIENT = "10.0.0.7";
    private static final String SERVER = "10.0.0.1";

    @Test
    void anAnswerHoldsUntilTheNextClaim() {
        ConversationMemo memo = new ConversationMemo();
        Object transfer = new Object();
        memo.remember(3, SERVER, 50000, CLIENT, 2000, transfer);
        assertSame(transfer, memo.find(3, SERVER, 50000, CLIENT, 2000));
        // the other direction and other ports are other questions
        assertSame(ConversationMemo.UNKNOWN, memo.find(3, CLIENT, 2000, SERVER, 50000));
        assertSame(ConversationMemo.UNKNOWN, memo.find(3, SERVER, 50001, CLIENT, 2000));
        // a claim may move the datagram elsewhere
        assertSame(ConversationMemo.UNKNOWN, memo.find(4, SERVER, 50000, CLIENT, 2000));
    }

    @Test
    void noConversationIsAnAnswerToo() {
        ConversationMemo memo = new ConversationMemo();
        memo.remember(0, CLIENT, 5060, SERVER, 5060, null);
        assertNull(memo.find(0, CLIENT, 5060, SERVER, 5060));
    }

    @Test
    void addressesAreTheSameStringsOrNotKnown() {
        ConversationMemo memo = new ConversationMemo();
        memo.remember(0, CLIENT, 1, SERVER, 2, "t");
        // an equal address in another String is looked up afresh, never answered wrongly
        assertSame(ConversationMemo.UNKNOWN, memo.find(0, new String(CLIENT), 1, SERVER, 2));
    }

    @Test
    void theOldestOfFourAnswersMakesRoom() {
        ConversationMemo memo = new ConversationMemo();
        for (int port = 1; port <= 5; port++) {
            memo.remember(0, CLIENT, port, SERVER, 69, port);
        }
        assertSame(ConversationMemo.UNKNOWN, memo.find(0, CLIENT, 1, SERVER, 69));
        for (int port = 2; port <= 5; port++) {
            assertSame(port, memo.find(0, CLIENT, port, SERVER, 69));
        }
    }
}
