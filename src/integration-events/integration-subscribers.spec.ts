import { readIntegrationSubscribers } from './integration-subscribers.js';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

describe('readIntegrationSubscribers', () => {
  it('reads each name=url with its secret and, when set, its event filter', () => {
    const { subscribers, errors } = readIntegrationSubscribers({
      INTEGRATION_SUBSCRIBERS: 'erp=https://erp.example.com/hooks, warehouse-eu=http://10.0.0.5:8080/in',
      INTEGRATION_SECRET_ERP: SECRET,
      INTEGRATION_SECRET_WAREHOUSE_EU: SECRET,
      INTEGRATION_EVENTS_WAREHOUSE_EU: 'order.paid, order.refunded',
    });
    expect(errors).toEqual([]);
    expect(subscribers).toEqual([
      { name: 'erp', url: 'https://erp.example.com/hooks', secret: SECRET, events: null },
      { name: 'warehouse-eu', url: 'http://10.0.0.5:8080/in', secret: SECRET, events: new Set(['order.paid', 'order.refunded']) },
    ]);
  });

  it('none when INTEGRATION_SUBSCRIBERS is unset', () => {
    expect(readIntegrationSubscribers({})).toEqual({ subscribers: [], errors: [] });
  });

  it('names every bad setting, never showing a secret', () => {
    const weak = 'whsec_c2hvcnQ=';
    const { errors } = readIntegrationSubscribers({
      INTEGRATION_SUBSCRIBERS:
        'erp=https://erp.example.com,Bad Name=https://x.example.com,wms=ftp://wms.example.com,crm=https://crm.example.com,bi=https://bi.example.com',
      INTEGRATION_SECRET_ERP: SECRET,
      INTEGRATION_EVENTS_ERP: 'order.paid,order.teleported',
      INTEGRATION_SECRET_CRM: weak,
      INTEGRATION_SECRET_ERPP: SECRET,
    });
    expect(errors).toEqual([
      expect.stringMatching(/^INTEGRATION_EVENTS_ERP: unknown event type\(s\) order.teleported/),
      expect.stringMatching(/^INTEGRATION_SUBSCRIBERS: "Bad Name" is not a subscriber name/),
      'INTEGRATION_SUBSCRIBERS: the URL of wms is not an http(s) URL',
      expect.stringMatching(/^INTEGRATION_SECRET_CRM must be whsec_ followed by at least 24 bytes/),
      expect.stringMatching(/^INTEGRATION_SECRET_BI must be set for subscriber bi/),
      'INTEGRATION_SECRET_ERPP: no subscriber of that name in INTEGRATION_SUBSCRIBERS',
    ]);
    expect(errors.join('\n')).not.toContain(weak);
    expect(errors.join('\n')).not.toContain(SECRET);
  });

  it('refuses a name listed twice', () => {
    const { errors } = readIntegrationSubscribers({
      INTEGRATION_SUBSCRIBERS: 'erp=https://a.example.com,erp=https://b.example.com',
      INTEGRATION_SECRET_ERP: SECRET,
    });
    expect(errors).toEqual(['INTEGRATION_SUBSCRIBERS: erp is listed twice']);
  });
});
