import type { Problem } from '../../server/src/core/model';

/**
 * The TCP stories' 3 KB PUBLISHes (real/tcp-story.*, tcp-ipv6.*, tshark-tcp.* and the ngrep
 * printouts of tcp-story.pcap) were made when test/scripts/sipp/tcp-publisher.xml gave three
 * tuples the contact priorities `0.-1` to `0.-3`, out of RFC 3863's qvalue range: SIPp sent them
 * so, and the analyser says so (body.invalid). The reassembly tests check everything else.
 */
export const isScenarioPriority = (p: Problem): boolean =>
	p.code === 'body.invalid' && /contact priority "0\.-\d"/.test(p.message);

export const withoutScenarioPriorities = (problems: readonly Problem[]): Problem[] =>
	problems.filter((p) => !isScenarioPriority(p));
