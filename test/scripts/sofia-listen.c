/*
 * A sofia-sip user agent that only listens, for make-sofia-tcp-split-traces.sh: nua answers what
 * it is sent as its defaults say (a PUBLISH it has no publication server for: 405 or 501), and
 * with TPORT_LOG=1 and TPORT_DUMP=FILE sofia-sip logs and dumps what its transport layer reads
 * and writes.
 *
 * Build: gcc -o sofia-listen sofia-listen.c $(pkg-config --cflags --libs sofia-sip-ua)
 * Usage: sofia-listen URL MILLISECONDS   (sofia-listen "sip:127.0.0.1:35066;transport=tcp" 3000)
 */
#include <stdlib.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/su_tag.h>

static void callback(nua_event_t event, int status, char const *phrase, nua_t *nua,
	nua_magic_t *magic, nua_handle_t *nh, nua_hmagic_t *hmagic, sip_t const *sip,
	tagi_t tags[])
{
	(void)event, (void)status, (void)phrase, (void)nua, (void)magic, (void)nh, (void)hmagic;
	(void)sip, (void)tags;
}

static void stop(su_root_magic_t *magic, su_timer_t *timer, su_timer_arg_t *root)
{
	(void)magic, (void)timer;
	su_root_break((su_root_t *)root);
}

int main(int argc, char *argv[])
{
	su_root_t *root;
	nua_t *nua;
	su_timer_t *timer;
	if (argc != 3)
		return 2;
	su_init();
	root = su_root_create(NULL);
	nua = nua_create(root, callback, NULL, NUTAG_URL(argv[1]), TAG_END());
	if (!nua)
		return 1;
	timer = su_timer_create(su_root_task(root), atoi(argv[2]));
	su_timer_set(timer, stop, root);
	su_root_run(root);
	/* The process ends here: what the transport layer wrote is in the log and the dump. */
	return 0;
}
