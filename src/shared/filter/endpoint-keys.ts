import type { EndpointKey } from './key-types.ts';
import { compileLabelSelector } from './label-selector.ts';
import { identitiesNamed, RESERVED_IDENTITIES } from '../reserved-identities.ts';
import { PORT_PROTOCOLS } from '../vocabulary.ts';
import { dnsNameMatcher, ipMatcher, namespacedPrefixMatcher } from './patterns.ts';
import { nonEmpty, num, set, str } from './value-tests.ts';

/** Keys about one end of a flow, each with from- and to- forms. */
export const ENDPOINT_KEYS: EndpointKey[] = [
  {
    name: 'namespace',
    sided: true,
    field: 'namespace',
    suggest: true,
    help: 'Kubernetes namespace, exact',
    example: 'namespace=shop',
    compile: nonEmpty((value) => str((namespace) => namespace === value)),
  },
  {
    name: 'pod',
    sided: true,
    field: 'pod',
    suggest: true,
    help: '[namespace/]pod-name prefix; without a namespace it matches in every namespace',
    example: 'pod=shop/frontend-',
    compile: nonEmpty((value) => str(namespacedPrefixMatcher(value))),
  },
  {
    name: 'workload',
    sided: true,
    field: 'workload',
    suggest: true,
    help: '[kind/]name of the owning workload, exact',
    example: 'workload=Deployment/checkout',
    compile: nonEmpty((value) => {
      const slash = value.indexOf('/');
      if (slash === -1) return str((ref) => ref !== '' && ref.slice(ref.indexOf('/') + 1) === value);
      const kind = value.slice(0, slash).toLowerCase();
      const name = value.slice(slash + 1);
      return str((ref) => {
        const refSlash = ref.indexOf('/');
        return ref.slice(0, refSlash).toLowerCase() === kind && ref.slice(refSlash + 1) === name;
      });
    }),
  },
  {
    name: 'label',
    sided: true,
    field: 'labels',
    suggest: true,
    help: 'Kubernetes label selector; a key without source prefix matches any source',
    example: 'label=app=cart',
    compile: (value) => {
      if (value === '') return 'needs a value';
      const test = compileLabelSelector(value);
      return typeof test === 'string' ? `bad label selector: ${test}` : set(test);
    },
  },
  {
    name: 'identity',
    sided: true,
    field: 'identity',
    suggest: true,
    help: 'numeric security identity, or a reserved name (world — also world-ipv4 and world-ipv6 —, host, remote-node, kube-apiserver…)',
    example: 'identity=world',
    compile: (value) => {
      const ids = /^\d+$/.test(value) ? [Number(value)] : identitiesNamed(value);
      if (ids === undefined) return `"${value}" is not an identity; use a number or one of ${Object.keys(RESERVED_IDENTITIES).join(', ')}`;
      return num((identity) => ids.includes(identity));
    },
  },
  {
    name: 'ip',
    sided: true,
    field: 'ip',
    suggest: true,
    help: 'IPv4/IPv6 address or CIDR',
    example: 'ip=10.244.0.0/16',
    compile: (value) => {
      const test = ipMatcher(value);
      return test ? str(test) : `"${value}" is not an IP address or CIDR`;
    },
  },
  {
    name: 'port',
    sided: true,
    field: 'port',
    suggest: true,
    help: 'TCP, UDP or SCTP port; flows without ports (ICMP) match no port',
    example: 'to-port=443',
    compile: (value) => {
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) return `"${value}" is not a port; use 0–65535`;
      const port = Number(value);
      return num((candidate) => candidate === port);
    },
    requires: { field: 'protocols', test: set((protocols) => protocols.some((protocol) => PORT_PROTOCOLS.includes(protocol))) },
  },
  {
    name: 'service',
    sided: true,
    field: 'service',
    suggest: true,
    help: '[namespace/]service-name prefix',
    example: 'to-service=shop/checkout',
    compile: nonEmpty((value) => str(namespacedPrefixMatcher(value))),
  },
  {
    name: 'fqdn',
    sided: true,
    field: 'names',
    suggest: true,
    help: 'DNS name Hubble attached to the endpoint; * matches any run of characters (fqdn=*: every name at all)',
    example: 'to-fqdn=*.example.com',
    compile: nonEmpty((value) => {
      const test = dnsNameMatcher(value);
      return set((names) => names.some(test));
    }),
  },
];
