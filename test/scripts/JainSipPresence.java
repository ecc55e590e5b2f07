/*
 * A presence story played by the NIST JAIN-SIP stack (gov.nist.javax.sip), for
 * make-jainsip-traces.sh: with gov.nist.javax.sip.TRACE_LEVEL=32 and SERVER_LOG=FILE the stack writes
 * every message it sends and receives to FILE as a <message ...><![CDATA[...]]></message> record
 * (ServerLog, MessageLog). One stack, two listening points, both through the presence server:
 *
 *   andrew (the watcher)    SUBSCRIBE presence of linda, answers the NOTIFYs, later unsubscribes
 *   linda (the presentity)  PUBLISH open (challenged with 407: sent again with credentials), then
 *                           busy (SIP-If-Match), then removes her publication (Expires: 0)
 *
 * Each step waits for the NOTIFY the step before caused, so the story is the same on every run.
 * The busy publication's body ends without a line end (the record's `]]>` follows it on its last
 * line); the unsubscription carries a Timestamp header (the record's `timeStamp = "54"` line).
 * With LOG_CONTENT=false the stack logs each message without its body (encodeMessage()), its
 * default; true logs it whole (encode()).
 *
 * Build: javac -cp /usr/share/java/nist-sip-aosp.jar JainSipPresence.java
 * Usage: java -cp /usr/share/java/nist-sip-aosp.jar:. JainSipPresence PROXY_PORT ANDREW_PORT
 *        LINDA_PORT PASSWORD LOG_FILE LOG_CONTENT
 * Exits 0 when the story was played to its end, 1 otherwise (after 20 seconds at most).
 */
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

public class JainSipPresence implements SipListener {
    private static final String HOST = "127.0.0.1";
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private AddressFactory addresses;
    private HeaderFactory headers;
    private MessageFactory messages;
    private SipProvider andrew;
    private SipProvider linda;
    private int proxyPort;
    private String password;

    /** The state of one user agent's request series (one Call-ID, one From tag). */
    private static final class Leg {
        final SipProvider provider;
        final String user;
        final CallIdHeader callId;
        final String fromTag;
        long cseq = 1;
        String toTag;
        String remoteTarget;

        Leg(SipProvider provider, String user, String fromTag) {
            this.provider = provider;
            this.user = user;
            this.callId = provider.getNewCallId();
            this.fromTag = fromTag;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: JainSipPresence PROXY_PORT ANDREW_PORT LINDA_PORT PASSWORD"
                    + " LOG_FILE LOG_CONTENT");
            System.exit(2);
        }
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(20000);
                System.out.println("deadline");
                System.exit(1);
            } catch (InterruptedException e) {
                // the story ended in time
            }
        });
        deadline.setDaemon(true);
        deadline.start();
        JainSipPresence story = new JainSipPresence();
        SipStack stack = story.start(args);
        boolean done = story.play();
        stack.stop();
        System.exit(done ? 0 : 1);
    }

    private SipStack start(String[] args) throws Exception {
        proxyPort = Integer.parseInt(args[0]);
        password = args[3];
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "jainsip-presence");
        p.setProperty("javax.sip.IP_ADDRESS", HOST);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "32");
        p.setProperty("gov.nist.javax.sip.SERVER_LOG", args[4]);
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", args[5]);
        p.setProperty("gov.nist.javax.sip.SERVER_LOG_OVERWRITE", "true");
        SipFactory factory = SipFactory.getInstance();
        SipStack stack = factory.createSipStack(p);
        addresses = factory.createAddressFactory();
        headers = factory.createHeaderFactory();
        messages = factory.createMessageFactory();
        andrew = provider(stack, Integer.parseInt(args[1]));
        linda = provider(stack, Integer.parseInt(args[2]));
        stack.start();
        return stack;
    }

    private SipProvider provider(SipStack stack, int port) throws Exception {
        ListeningPoint lp = stack.createListeningPoint(HOST, port, "udp");
        SipProvider provider = stack.createSipProvider(lp);
        try {
            provider.addSipListener(this);
        } catch (TooManyListenersException e) {
            throw new IllegalStateException(e);
        }
        return provider;
    }

    private boolean play() throws Exception {
        Leg watcher = new Leg(andrew, "andrew", "w-" + Long.toHexString(System.nanoTime()));
        Leg presentity = new Leg(linda, "linda", "p-" + Long.toHexString(System.nanoTime()));

        System.out.println("andrew subscribes to linda");
        Response r = send(subscribe(watcher, 600));
        if (r.getStatusCode() != 200) return false;
        watcher.toTag = ((ToHeader) r.getHeader(ToHeader.NAME)).getTag();
        watcher.remoteTarget = ((ContactHeader) r.getHeader(ContactHeader.NAME)).getAddress()
                .getURI().toString();
        notified(1);

        System.out.println("linda publishes open");
        r = send(publish(presentity, pidf("open", "unknown"), null, null, 600));
        if (r.getStatusCode() != 407) return false;
        ProxyAuthenticateHeader challenge =
                (ProxyAuthenticateHeader) r.getHeader(ProxyAuthenticateHeader.NAME);
        r = send(publish(presentity, pidf("open", "unknown"), null, challenge, 600));
        if (r.getStatusCode() != 200) return false;
        String etag = r.getHeader("SIP-ETag").toString().replaceFirst("^[^:]*:\\s*", "").trim();
        notified(2);

        System.out.println("linda publishes busy");
        // Its last line without a line end, as many clients write a body.
        r = send(publish(presentity, pidf("open", "busy").trim(), etag, challenge, 600));
        if (r.getStatusCode() != 200) return false;
        etag = r.getHeader("SIP-ETag").toString().replaceFirst("^[^:]*:\\s*", "").trim();
        notified(3);

        System.out.println("andrew unsubscribes");
        Request unsubscribe = subscribe(watcher, 0);
        // RFC 3261 §20.38: the stack logs a Timestamp header's value in the record too.
        unsubscribe.addHeader(headers.createTimeStampHeader(54));
        r = send(unsubscribe);
        if (r.getStatusCode() != 200) return false;
        notified(4);

        System.out.println("linda removes her publication");
        r = send(publish(presentity, null, etag, challenge, 0));
        return r.getStatusCode() == 200;
    }

    private String pidf(String basic, String activity) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"\r\n"
                + "    xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\"\r\n"
                + "    xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\"\r\n"
                + "    entity=\"sip:linda@" + HOST + "\">\r\n"
                + "  <tuple id=\"jainsip\">\r\n"
                + "    <status><basic>" + basic + "</basic></status>\r\n"
                + "  </tuple>\r\n"
                + "  <dm:person id=\"linda\">\r\n"
                + "    <rpid:activities><rpid:" + activity + "/></rpid:activities>\r\n"
                + "  </dm:person>\r\n"
                + "</presence>\r\n";
    }

    private Request request(Leg leg, String method, String target, String toTag) throws Exception {
        SipURI aor = addresses.createSipURI(leg.user, HOST);
        SipURI lindaAor = addresses.createSipURI("linda", HOST);
        Address from = addresses.createAddress(aor);
        Address to = addresses.createAddress(lindaAor);
        int port = leg.provider.getListeningPoint("udp").getPort();
        List<ViaHeader> vias = new ArrayList<>();
        vias.add(headers.createViaHeader(HOST, port, "udp", null));
        SipURI proxy = addresses.createSipURI(null, HOST);
        proxy.setPort(proxyPort);
        Request req = messages.createRequest(
                target == null ? lindaAor : addresses.createURI(target), method, leg.callId,
                headers.createCSeqHeader(leg.cseq++, method),
                headers.createFromHeader(from, leg.fromTag),
                headers.createToHeader(to, toTag), vias, headers.createMaxForwardsHeader(70));
        SipURI contact = addresses.createSipURI(leg.user, HOST);
        contact.setPort(port);
        req.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
        // Every request goes to the presence server first (its outbound proxy).
        proxy.setLrParam();
        req.addHeader(headers.createRouteHeader(addresses.createAddress(proxy)));
        req.addHeader(headers.createHeader("User-Agent", "JainSipPresence"));
        return req;
    }

    private Request subscribe(Leg leg, int expires) throws Exception {
        Request req = request(leg, Request.SUBSCRIBE, leg.remoteTarget, leg.toTag);
        req.addHeader(headers.createEventHeader("presence"));
        req.addHeader(headers.createAcceptHeader("application", "pidf+xml"));
        req.addHeader(headers.createExpiresHeader(expires));
        return req;
    }

    private Request publish(Leg leg, String body, String ifMatch, ProxyAuthenticateHeader challenge,
            int expires) throws Exception {
        Request req = request(leg, Request.PUBLISH, null, null);
        req.addHeader(headers.createEventHeader("presence"));
        req.addHeader(headers.createExpiresHeader(expires));
        if (ifMatch != null) req.addHeader(headers.createHeader("SIP-If-Match", ifMatch));
        if (challenge != null) req.addHeader(credentials(req, challenge));
        if (body != null) {
            req.setContent(body.getBytes(StandardCharsets.UTF_8),
                    headers.createContentTypeHeader("application", "pidf+xml"));
        } else {
            req.setContentLength(headers.createContentLengthHeader(0));
        }
        return req;
    }

    /** RFC 2617 Digest without qop (the presence server's challenge offers none). */
    private ProxyAuthorizationHeader credentials(Request req, ProxyAuthenticateHeader challenge)
            throws Exception {
        String uri = req.getRequestURI().toString();
        String ha1 = md5("linda:" + challenge.getRealm() + ":" + password);
        String ha2 = md5(req.getMethod() + ":" + uri);
        ProxyAuthorizationHeader h = headers.createProxyAuthorizationHeader("Digest");
        h.setUsername("linda");
        h.setRealm(challenge.getRealm());
        h.setNonce(challenge.getNonce());
        h.setURI(req.getRequestURI());
        h.setResponse(md5(ha1 + ":" + challenge.getNonce() + ":" + ha2));
        h.setAlgorithm("MD5");
        return h;
    }

    private static String md5(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : d) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    /** Sends a request in a client transaction; its final response. */
    private Response send(Request req) throws Exception {
        SipProvider provider = req.getHeader(FromHeader.NAME).toString().contains("andrew")
                ? andrew : linda;
        provider.getNewClientTransaction(req).sendRequest();
        while (true) {
            Object e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) throw new IllegalStateException("no answer to " + req.getMethod());
            if (e instanceof Response) {
                Response r = (Response) e;
                System.out.println(req.getMethod() + ": " + r.getStatusCode() + " "
                        + r.getReasonPhrase());
                return r;
            }
        }
    }

    /** Waits for andrew's n-th NOTIFY. */
    private volatile int notifies;

    private void notified(int n) throws Exception {
        while (notifies < n) {
            Object e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) throw new IllegalStateException("no NOTIFY " + n);
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request req = event.getRequest();
        try {
            Response ok = messages.createResponse(Response.OK, req);
            if (req.getMethod().equals(Request.NOTIFY)) {
                ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
                if (to.getTag() == null) to.setTag("w-notify");
                SipURI contact = addresses.createSipURI("andrew", HOST);
                contact.setPort(andrew.getListeningPoint("udp").getPort());
                ok.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
            }
            ((SipProvider) event.getSource()).sendResponse(ok);
            if (req.getMethod().equals(Request.NOTIFY)) {
                notifies++;
                System.out.println("andrew is notified (" + notifies + "): "
                        + req.getHeader("Subscription-State"));
                events.add(req);
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response r = event.getResponse();
        if (r.getStatusCode() >= 200) events.add(r);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        System.out.println("timeout");
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        System.out.println("I/O error");
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}
}
