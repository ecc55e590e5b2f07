/*
 * A presence story played through sofia-sip's nua API, for make-sofia-traces.sh: run with
 * TPORT_LOG=1 (and TPORT_DUMP=FILE), sofia-sip logs every message its transport layer sends and
 * receives. Two user agents in one process, both through the presence server (PROXY):
 *
 *   andrew (the watcher)    SUBSCRIBE presence of linda, answers the NOTIFYs, later unsubscribes
 *   linda (the presentity)  PUBLISH open (challenged with 407: sent again with credentials), then
 *                           busy (SIP-If-Match), then removes her publication (Expires: 0)
 *
 * Each step waits for the NOTIFY the step before caused, so the story is the same on every run.
 *
 * With DEVICES (a number), linda's busy publication is one line of XML, as many clients write it:
 * a tuple for each of DEVICES devices besides her own, a line longer than sofia-sip's log prints
 * (2047 characters) once there are a dozen or so.
 *
 * Build: gcc -o sofia-presence sofia-presence.c $(pkg-config --cflags --libs sofia-sip-ua)
 * Usage: sofia-presence PROXY ANDREW_URL LINDA_URL DOMAIN PASSWORD [DEVICES]
 *        (sofia-presence sip:127.0.0.1:35060 sip:127.0.0.1:35062 sip:127.0.0.1:35064 127.0.0.1 s3cret)
 * Exits 0 when the story was played to its end, 1 otherwise (after 20 seconds at most).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct story story_t;
#define NUA_MAGIC_T story_t
#define SU_ROOT_MAGIC_T story_t

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

struct story {
	su_root_t *root;
	nua_t *andrew, *linda;
	nua_handle_t *subscription, *publication;
	const char *domain, *password;
	int notifies;  /* NOTIFYs andrew was sent */
	int challenges; /* 401/407 answered with credentials */
	int shut;      /* user agents shut down */
	int devices;   /* tuples of other devices in the busy publication, on one line */
	int done;      /* the story reached its end */
};

/* A PIDF document (RFC 3863) with RPID's activities (RFC 4480) for linda's state. */
static char const *pidf(story_t *s, char const *basic, char const *activity, char *buf, size_t n)
{
	snprintf(buf, n,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"\n"
		"    xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\"\n"
		"    xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\"\n"
		"    entity=\"sip:linda@%s\">\n"
		"  <tuple id=\"sofia\">\n"
		"    <status><basic>%s</basic></status>\n"
		"  </tuple>\n"
		"  <dm:person id=\"linda\">\n"
		"    <rpid:activities><rpid:%s/></rpid:activities>\n"
		"  </dm:person>\n"
		"</presence>\n",
		s->domain, basic, activity);
	return buf;
}

/* The same document on one line, with a tuple for each of linda's other devices (closed). */
static char const *pidf_line(story_t *s, char const *basic, char const *activity, char *buf,
	size_t n)
{
	size_t at;
	int i;
	at = (size_t)snprintf(buf, n,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<presence xmlns=\"urn:ietf:params:xml:ns:pidf\""
		" xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\""
		" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" entity=\"sip:linda@%s\">"
		"<tuple id=\"sofia\"><status><basic>%s</basic></status></tuple>",
		s->domain, basic);
	for (i = 1; i <= s->devices && at < n; i++)
		at += (size_t)snprintf(buf + at, n - at,
			"<tuple id=\"device-%d\"><status><basic>closed</basic></status>"
			"<contact>sip:linda-%d@%s</contact></tuple>",
			i, i, s->domain);
	if (at < n)
		snprintf(buf + at, n - at,
			"<dm:person id=\"linda\"><rpid:activities><rpid:%s/></rpid:activities>"
			"</dm:person></presence>\n",
			activity);
	return buf;
}

static void publish(story_t *s, char const *basic, char const *activity)
{
	char body[8192];
	int one_line = s->devices > 0 && strcmp(activity, "busy") == 0;
	printf("linda publishes %s (%s)\n", basic, activity);
	nua_publish(s->publication, SIPTAG_EVENT_STR("presence"),
		SIPTAG_CONTENT_TYPE_STR("application/pidf+xml"),
		SIPTAG_PAYLOAD_STR(one_line ? pidf_line(s, basic, activity, body, sizeof body)
				: pidf(s, basic, activity, body, sizeof body)),
		SIPTAG_EXPIRES_STR("600"), TAG_END());
}

static void shutdown_all(story_t *s)
{
	nua_shutdown(s->andrew);
	nua_shutdown(s->linda);
}

/* What happens next is decided by the NOTIFYs andrew is sent (each one the previous step's). */
static void on_notify(story_t *s, sip_t const *sip)
{
	char const *state = sip && sip->sip_subscription_state
		? sip->sip_subscription_state->ss_substate : "?";
	s->notifies++;
	printf("andrew is notified (%d): %s\n", s->notifies, state);
	switch (s->notifies) {
	case 1: /* the state before linda publishes anything */
		publish(s, "open", "unknown");
		break;
	case 2: /* her first publication */
		publish(s, "open", "busy");
		break;
	case 3: /* the change: andrew ends his subscription */
		printf("andrew unsubscribes\n");
		nua_unsubscribe(s->subscription, TAG_END());
		break;
	case 4: /* the terminated NOTIFY: linda removes her publication */
		printf("linda removes her publication\n");
		nua_unpublish(s->publication, TAG_END());
		break;
	}
}

static void callback(nua_event_t event, int status, char const *phrase, nua_t *nua,
	story_t *s, nua_handle_t *nh, nua_hmagic_t *hmagic, sip_t const *sip, tagi_t tags[])
{
	char credentials[256];
	(void)hmagic, (void)tags;
	switch (event) {
	case nua_i_notify:
		on_notify(s, sip);
		break;
	case nua_r_publish:
	case nua_r_unpublish:
	case nua_r_subscribe:
	case nua_r_unsubscribe:
		printf("%s: %03d %s\n", nua_event_name(event), status, phrase);
		if ((status == 401 || status == 407) && s->challenges < 4) {
			/* Digest credentials for the realm the presence server names (its domain). */
			s->challenges++;
			snprintf(credentials, sizeof credentials, "Digest:\"%s\":linda:%s", s->domain,
				s->password);
			nua_authenticate(nh, NUTAG_AUTH(credentials), TAG_END());
		} else if (event == nua_r_unpublish && status >= 200) {
			s->done = status < 300;
			shutdown_all(s);
		} else if (status >= 300) {
			shutdown_all(s);
		}
		break;
	case nua_r_shutdown:
		if (status >= 200 && ++s->shut == 2)
			su_root_break(s->root);
		break;
	default:
		break;
	}
	(void)nua;
}

/* The story's deadline: whatever has not happened by then will not. */
static void deadline(story_t *s, su_timer_t *t, su_timer_arg_t *arg)
{
	(void)t, (void)arg;
	printf("deadline: %d NOTIFYs\n", s->notifies);
	exit(1);
}

int main(int argc, char *argv[])
{
	story_t s = { 0 };
	char uri[256];
	su_timer_t *timer;
	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: %s PROXY ANDREW_URL LINDA_URL DOMAIN PASSWORD [DEVICES]\n",
			argv[0]);
		return 2;
	}
	s.domain = argv[4];
	s.password = argv[5];
	s.devices = argc == 7 ? atoi(argv[6]) : 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	su_init();
	s.root = su_root_create(&s);
	/* With DEVICES, both stacks run in this thread: a record's lines are not interleaved with
	 * those of a message the other one logs at the same time (each stack has its own thread
	 * otherwise, and sofia-sip 1.12 writes a record a line at a time). */
	if (s.devices > 0)
		su_root_threading(s.root, 0);
	s.andrew = nua_create(s.root, callback, &s, NUTAG_URL(argv[2]), NUTAG_PROXY(argv[1]),
		TAG_END());
	s.linda = nua_create(s.root, callback, &s, NUTAG_URL(argv[3]), NUTAG_PROXY(argv[1]),
		TAG_END());
	if (!s.andrew || !s.linda)
		return 1;
	/* Identities: From and To name linda's address of record (sip:linda@DOMAIN). */
	snprintf(uri, sizeof uri, "sip:andrew@%s", s.domain);
	nua_set_params(s.andrew, SIPTAG_FROM_STR(uri), TAG_END());
	snprintf(uri, sizeof uri, "sip:linda@%s", s.domain);
	nua_set_params(s.linda, SIPTAG_FROM_STR(uri), TAG_END());
	s.subscription = nua_handle(s.andrew, NULL, SIPTAG_TO_STR(uri), TAG_END());
	s.publication = nua_handle(s.linda, NULL, SIPTAG_TO_STR(uri), TAG_END());

	printf("andrew subscribes to linda\n");
	nua_subscribe(s.subscription, SIPTAG_EVENT_STR("presence"),
		SIPTAG_ACCEPT_STR("application/pidf+xml"), SIPTAG_EXPIRES_STR("600"), TAG_END());

	timer = su_timer_create(su_root_task(s.root), 20000);
	su_timer_set(timer, deadline, NULL);
	su_root_run(s.root);

	su_timer_destroy(timer);
	nua_handle_destroy(s.subscription);
	nua_handle_destroy(s.publication);
	nua_destroy(s.andrew);
	nua_destroy(s.linda);
	su_root_destroy(s.root);
	su_deinit();
	return s.done ? 0 : 1;
}
