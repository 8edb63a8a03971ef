"""Checkout Sessions, fault injection and a request log for localstripe.

localstripe (the Stripe emulator the tests use) implements customers, payment
methods, PaymentIntents and signed webhooks, but not Checkout Sessions.  This
module adds them *inside* localstripe: `CheckoutSession` is a regular
`localstripe.resources.StripeObject` (stored in localstripe's own store, found by
its `expand`), its API routes go through localstripe's own form parsing, auth and
error handling (`localstripe.server.api_*`), and its events are localstripe
`Event`s sent by localstripe's own signed `schedule_webhook`.

Real Stripe endpoints (authenticated with a secret key, like the rest of the
emulator):

    POST /v1/checkout/sessions
    GET  /v1/checkout/sessions            (limit, starting_after, customer,
                                           payment_intent, status, created)
    GET  /v1/payment_intents              localstripe's, with Stripe's filters
                                          added: customer, created (gt, gte,
                                          lt, lte or an exact time), newest
                                          first (its `expand` of
                                          data.latest_charge is a no-op:
                                          localstripe always inlines the
                                          charge)
    GET  /v1/checkout/sessions/{id}
    GET  /v1/checkout/sessions/{id}/line_items
    POST /v1/checkout/sessions/{id}/expire

Test-only endpoints (no key needed, like localstripe's own /_config/):

    POST /_test/checkout/sessions/{id}/pay        payment_method (default
                                                  pm_card_visa, or a 16-digit
                                                  test card number),
                                                  authenticate (default true:
                                                  3-D Secure is passed)
    POST /_test/checkout/sessions/{id}/expire_now
    POST /_test/faults        path_prefix, method, count, mode
                              (before|after|delay), status, delay_ms
    DELETE /_test/faults
    GET  /_test/faults
    GET  /_test/requests      {"data": [{method, path, query,
                              idempotency_key, status, fault, replayed}]}
    DELETE /_test/requests
    POST /_test/idempotency   enabled=true|false (off by default: localstripe
                              ignores Idempotency-Key; when on, a POST retried
                              with the same key replays the first response,
                              as Stripe does)

And the page a customer's browser is sent to (`session.url`):

    GET  /checkout/{id}       a small HTML page with a Pay button
    POST /checkout/{id}/pay   the button: pays with pm_card_visa, then redirects
                              to success_url
"""

import asyncio
import hashlib
import html
import json
import random
import string
import time

from aiohttp import web

from localstripe import server
from localstripe.errors import UserError
from localstripe.resources import (
    Customer,
    Event,
    List,
    PaymentIntent,
    PaymentMethod,
    StripeObject,
    store,
    try_convert_to_bool,
    try_convert_to_int,
)
from localstripe.webhooks import schedule_webhook


# Set by serve.py once the listening port is known; used to build `url`.
PUBLIC_BASE_URL = 'http://127.0.0.1'

SESSION_MIN_LIFETIME = 30 * 60
SESSION_MAX_LIFETIME = 24 * 60 * 60


def _random_id(n):
    return ''.join(random.choice(string.ascii_letters + string.digits)
                   for _ in range(n))


class StripeError(UserError):
    """A localstripe UserError with Stripe's full error shape."""

    def __init__(self, status, message, code=None, param=None,
                 type='invalid_request_error', **extra):
        contents = dict(extra)
        if code is not None:
            contents['code'] = code
        if param is not None:
            contents['param'] = param
        super().__init__(status, message, contents)
        self.body['error']['type'] = type


def _missing(param):
    return StripeError(400, 'Missing required param: %s.' % param,
                       code='parameter_missing', param=param)


def _invalid_integer(param, value):
    return StripeError(400, 'Invalid integer: %s' % (value,),
                       code='parameter_invalid_integer', param=param)


def _check_metadata(param, metadata):
    if metadata is None or metadata == '':
        return {}
    if type(metadata) is not dict:
        raise StripeError(400, 'Invalid object', code='parameter_invalid',
                          param=param)
    for key, value in metadata.items():
        if type(value) not in (str, int, float, bool):
            raise StripeError(400, 'Invalid value for %s[%s].' % (param, key),
                              code='parameter_invalid', param=param)
    return {str(k): str(v) for k, v in metadata.items()}


def _as_list(param, value):
    """Form encoding gives `line_items[0][...]` as a list already (localstripe's
    unflatten); JSON bodies may give a list or an index-keyed dict."""
    if type(value) is list:
        return value
    if type(value) is dict and all(k.isdigit() for k in value):
        return [value[k] for k in sorted(value, key=int)]
    raise StripeError(400, 'Invalid array', code='parameter_invalid',
                      param=param)


class CheckoutSession(StripeObject):
    object = 'checkout.session'
    _id_prefix = 'cs_test_'

    _CREATE_PARAMS = {
        'mode', 'line_items', 'customer', 'customer_email',
        'client_reference_id', 'success_url', 'cancel_url', 'metadata',
        'payment_intent_data', 'expires_at', 'payment_method_types', 'locale',
        'submit_type', 'ui_mode', 'billing_address_collection',
        'allow_promotion_codes', 'customer_creation', 'currency',
    }

    def __init__(self, **data):
        unknown = sorted(set(data) - self._CREATE_PARAMS)
        if unknown:
            raise StripeError(400, 'Received unknown parameter: %s'
                              % unknown[0], code='parameter_unknown',
                              param=unknown[0])

        mode = data.get('mode')
        if not mode:
            raise _missing('mode')
        if mode not in ('payment', 'setup', 'subscription'):
            raise StripeError(400, 'Invalid mode: must be one of payment, '
                              'setup, or subscription',
                              code='parameter_invalid_string', param='mode')
        if mode != 'payment':
            raise StripeError(400, 'mode=%s is not supported by this emulator '
                              '(only mode=payment)' % mode, param='mode')

        ui_mode = data.get('ui_mode') or 'hosted'
        if ui_mode not in ('hosted', 'hosted_page'):
            raise StripeError(400, 'ui_mode=%s is not supported by this '
                              'emulator' % ui_mode, param='ui_mode')

        line_items_raw = data.get('line_items')
        if line_items_raw in (None, '', [], {}):
            raise _missing('line_items')
        line_items_raw = _as_list('line_items', line_items_raw)
        line_items = []
        currency = None
        amount_total = 0
        for i, item in enumerate(line_items_raw):
            p = 'line_items[%d]' % i
            if type(item) is not dict:
                raise StripeError(400, 'Invalid object',
                                  code='parameter_invalid', param=p)
            extra = sorted(set(item) - {'price_data', 'price', 'quantity',
                                        'adjustable_quantity', 'tax_rates'})
            if extra:
                raise StripeError(400, 'Received unknown parameter: %s[%s]'
                                  % (p, extra[0]), code='parameter_unknown',
                                  param='%s[%s]' % (p, extra[0]))
            if item.get('price'):
                raise StripeError(400, 'Price ids are not supported by this '
                                  'emulator: use %s[price_data]' % p,
                                  param=p + '[price]')
            price_data = item.get('price_data')
            if not price_data:
                raise StripeError(400, 'You must provide either price or '
                                  'price_data for each line item when using '
                                  'prices.', param=p)
            if type(price_data) is not dict:
                raise StripeError(400, 'Invalid object',
                                  code='parameter_invalid',
                                  param=p + '[price_data]')
            pc = price_data.get('currency')
            if not pc:
                raise _missing(p + '[price_data][currency]')
            if type(pc) is not str or len(pc) != 3:
                raise StripeError(400, 'Invalid currency: %s' % (pc,),
                                  code='parameter_invalid_string',
                                  param=p + '[price_data][currency]')
            pc = pc.lower()
            unit_amount = price_data.get('unit_amount')
            if unit_amount is None:
                unit_amount = price_data.get('unit_amount_decimal')
            if unit_amount is None:
                raise _missing(p + '[price_data][unit_amount]')
            ua = try_convert_to_int(unit_amount)
            if type(ua) is not int or ua < 0:
                raise _invalid_integer(p + '[price_data][unit_amount]',
                                       unit_amount)
            product_data = price_data.get('product_data')
            if price_data.get('product'):
                raise StripeError(400, 'Product ids are not supported by this '
                                  'emulator: use product_data',
                                  param=p + '[price_data][product]')
            if not product_data:
                raise _missing(p + '[price_data][product_data]')
            if type(product_data) is not dict or not product_data.get('name'):
                raise _missing(p + '[price_data][product_data][name]')
            quantity_raw = item.get('quantity')
            if quantity_raw is None:
                raise _missing(p + '[quantity]')
            quantity = try_convert_to_int(quantity_raw)
            if type(quantity) is not int or quantity < 1:
                raise _invalid_integer(p + '[quantity]', quantity_raw)
            if currency is None:
                currency = pc
            elif currency != pc:
                raise StripeError(400, 'All line items must have the same '
                                  'currency.', param=p +
                                  '[price_data][currency]')
            amount = ua * quantity
            amount_total += amount
            line_items.append({
                'id': 'li_' + _random_id(24),
                'object': 'item',
                'amount_discount': 0,
                'amount_subtotal': amount,
                'amount_tax': 0,
                'amount_total': amount,
                'currency': pc,
                'description': str(product_data['name']),
                'quantity': quantity,
                'price': {
                    'id': 'price_' + _random_id(24),
                    'object': 'price',
                    'active': False,
                    'currency': pc,
                    'product': 'prod_' + _random_id(14),
                    'type': 'one_time',
                    'unit_amount': ua,
                    'unit_amount_decimal': str(ua),
                    'livemode': False,
                },
            })

        customer = data.get('customer') or None
        if customer is not None:
            if type(customer) is not str or \
                    store.get('customer:' + customer) is None:
                raise StripeError(400, "No such customer: '%s'" % (customer,),
                                  code='resource_missing', param='customer')
        customer_email = data.get('customer_email') or None
        if customer and customer_email:
            raise StripeError(400, 'You may only specify one of these '
                              'parameters: customer, customer_email.',
                              param='customer_email')

        for param in ('success_url', 'cancel_url'):
            url = data.get(param)
            if url is not None and (type(url) is not str or
                                    not url.startswith(('http://',
                                                        'https://'))):
                raise StripeError(400, 'Not a valid URL',
                                  code='url_invalid', param=param)

        metadata = _check_metadata('metadata', data.get('metadata'))

        pid = data.get('payment_intent_data') or {}
        if type(pid) is not dict:
            raise StripeError(400, 'Invalid object', code='parameter_invalid',
                              param='payment_intent_data')
        extra = sorted(set(pid) - {'metadata', 'setup_future_usage',
                                   'description', 'receipt_email',
                                   'statement_descriptor',
                                   'capture_method'})
        if extra:
            raise StripeError(400, 'Received unknown parameter: '
                              'payment_intent_data[%s]' % extra[0],
                              code='parameter_unknown',
                              param='payment_intent_data[%s]' % extra[0])
        pi_metadata = _check_metadata('payment_intent_data[metadata]',
                                      pid.get('metadata'))
        sfu = pid.get('setup_future_usage') or None
        if sfu not in (None, 'on_session', 'off_session'):
            raise StripeError(400, 'Invalid payment_intent_data'
                              '[setup_future_usage]: must be one of '
                              'on_session or off_session',
                              code='parameter_invalid_string',
                              param='payment_intent_data[setup_future_usage]')
        capture_method = pid.get('capture_method') or None
        if capture_method not in (None, 'automatic', 'automatic_async'):
            raise StripeError(400, 'capture_method=%s is not supported by '
                              'this emulator' % capture_method,
                              param='payment_intent_data[capture_method]')

        pmt = data.get('payment_method_types')
        if pmt is not None:
            pmt = _as_list('payment_method_types', pmt)
            if pmt != ['card']:
                raise StripeError(400, 'Only payment_method_types[]=card is '
                                  'supported by this emulator',
                                  param='payment_method_types')

        now = int(time.time())
        expires_at_raw = data.get('expires_at')
        if expires_at_raw is None or expires_at_raw == '':
            expires_at = now + SESSION_MAX_LIFETIME
        else:
            expires_at = try_convert_to_int(expires_at_raw)
            if type(expires_at) is not int:
                raise _invalid_integer('expires_at', expires_at_raw)
            # Stripe: "must be between 30 minutes and 24 hours after the
            # current time" (a few seconds of slack for clock skew).
            if not (now + SESSION_MIN_LIFETIME - 5 <= expires_at
                    <= now + SESSION_MAX_LIFETIME + 5):
                raise StripeError(
                    400, 'The `expires_at` timestamp must be between 30 '
                    'minutes and 24 hours from Checkout Session creation.',
                    code='parameter_invalid_integer', param='expires_at')

        # All exceptions must be raised before this point.
        super().__init__()

        self.mode = 'payment'
        self.status = 'open'
        self.payment_status = 'unpaid'
        self.url = '%s/checkout/%s' % (PUBLIC_BASE_URL, self.id)
        self.success_url = data.get('success_url')
        self.cancel_url = data.get('cancel_url')
        self.amount_subtotal = amount_total
        self.amount_total = amount_total
        self.currency = currency
        self.customer = customer
        self.customer_email = customer_email
        self.customer_details = None
        self.customer_creation = None if customer else \
            (data.get('customer_creation') or 'if_required')
        self.client_reference_id = data.get('client_reference_id') or None
        self.metadata = metadata
        self.payment_intent = None
        self.payment_link = None
        self.payment_method_types = ['card']
        self.payment_method_options = {}
        self.payment_method_collection = None
        self.setup_intent = None
        self.subscription = None
        self.invoice = None
        self.expires_at = expires_at
        self.locale = data.get('locale') or None
        self.submit_type = data.get('submit_type') or None
        self.ui_mode = ui_mode
        self.billing_address_collection = \
            data.get('billing_address_collection') or None
        self.allow_promotion_codes = try_convert_to_bool(
            data.get('allow_promotion_codes')) or None
        self.after_expiration = None
        self.recovered_from = None
        self.total_details = {'amount_discount': 0, 'amount_shipping': 0,
                              'amount_tax': 0}
        self.automatic_tax = {'enabled': False, 'liability': None,
                              'provider': None, 'status': None}
        self.phone_number_collection = {'enabled': False}
        self.shipping_address_collection = None
        self.shipping_options = []
        self.custom_fields = []
        self.discounts = []
        self.client_secret = None

        self._line_items = line_items
        self._pi_metadata = pi_metadata
        self._pi_description = pid.get('description') or None
        self._setup_future_usage = sfu

        try:
            loop = asyncio.get_running_loop()
            delay = max(0, expires_at - time.time())
            loop.call_later(delay, self._on_expiry_timer)
        except RuntimeError:  # no running loop (used outside the server)
            pass

    # -- lifecycle --------------------------------------------------------

    def _on_expiry_timer(self):
        if self.status != 'open':
            return
        remaining = self.expires_at - time.time()
        if remaining > 0:  # the loop's clock ran ahead of the wall clock
            asyncio.get_running_loop().call_later(remaining + 0.05,
                                                  self._on_expiry_timer)
        else:
            self._expire()

    def _expire_if_due(self):
        if self.status == 'open' and time.time() >= self.expires_at:
            self._expire()

    def _expire(self):
        self.status = 'expired'
        self.url = None
        schedule_webhook(Event('checkout.session.expired', self))

    def _complete(self, pi, payment_method):
        self.status = 'complete'
        self.payment_status = 'paid'
        self.payment_intent = pi.id
        self.url = None
        details = {'address': None, 'email': self.customer_email,
                   'name': None, 'phone': None, 'tax_exempt': 'none',
                   'tax_ids': []}
        if self.customer:
            cus = Customer._api_retrieve(self.customer)
            details.update(email=cus.email, name=cus.name, phone=cus.phone,
                           address=cus.address)
        self.customer_details = details
        schedule_webhook(Event('checkout.session.completed', self))

    # -- API --------------------------------------------------------------

    @classmethod
    def _api_retrieve(cls, id):
        obj = store.get(cls.object + ':' + id)
        if obj is None:
            raise StripeError(404, "No such checkout.session: '%s'" % (id,),
                              code='resource_missing', param='session')
        obj._expire_if_due()
        return obj

    @classmethod
    def _api_update(cls, id, **data):
        raise StripeError(400, 'Checkout Sessions cannot be updated by this '
                          'emulator.')

    @classmethod
    def _api_delete(cls, id):
        raise UserError(405, 'Method Not Allowed')

    @classmethod
    def _api_list_all(cls, url, limit=None, starting_after=None,
                      customer=None, payment_intent=None, status=None,
                      created=None, **kwargs):
        if kwargs:
            raise StripeError(400, 'Received unknown parameter: %s'
                              % sorted(kwargs)[0], code='parameter_unknown',
                              param=sorted(kwargs)[0])
        if status is not None and status not in ('open', 'complete',
                                                 'expired'):
            raise StripeError(400, 'Invalid status', param='status',
                              code='parameter_invalid_string')
        li = List(url, limit=limit, starting_after=starting_after)
        sessions = [v for k, v in store.items()
                    if k.startswith(cls.object + ':')]
        for s in sessions:
            s._expire_if_due()
        # Stripe lists the most recently created first.
        sessions.reverse()
        if customer is not None:
            sessions = [s for s in sessions if s.customer == customer]
        if payment_intent is not None:
            sessions = [s for s in sessions
                        if s.payment_intent == payment_intent]
        if status is not None:
            sessions = [s for s in sessions if s.status == status]
        keep = _created_filter(created)
        sessions = [s for s in sessions if keep(s.created)]
        li._list = sessions
        return li

    @classmethod
    def _api_expire(cls, id, **kwargs):
        obj = cls._api_retrieve(id)
        if obj.status != 'open':
            raise StripeError(400, 'Only Checkout Sessions with a status in '
                              '["open"] can be expired. This Checkout Session '
                              'has a status of "%s".' % obj.status,
                              code='checkout_session_not_open')
        obj._expire()
        return obj

    @classmethod
    def _api_list_line_items(cls, id, limit=None, starting_after=None,
                             **kwargs):
        obj = cls._api_retrieve(id)
        li = List('/v1/checkout/sessions/%s/line_items' % id, limit=limit,
                  starting_after=starting_after)
        li._list = [_Plain(item) for item in obj._line_items]
        return li

    def _export(self, expand=None):
        expand = list(expand or [])
        with_line_items = 'line_items' in expand
        expand = [e for e in expand if e != 'line_items']
        obj = super()._export(expand=expand)
        if with_line_items:
            obj['line_items'] = {
                'object': 'list', 'data': [dict(i) for i in self._line_items],
                'has_more': False,
                'url': '/v1/checkout/sessions/%s/line_items' % self.id}
        return obj

    # -- test-only: the customer pays in the browser ----------------------

    @classmethod
    def _api_test_pay(cls, id, payment_method=None, authenticate=None,
                      **kwargs):
        if kwargs:
            raise StripeError(400, 'Received unknown parameter: %s'
                              % sorted(kwargs)[0], param=sorted(kwargs)[0])
        obj = cls._api_retrieve(id)
        if obj.status != 'open':
            raise StripeError(400, 'This Checkout Session is no longer '
                              'active (status %s).' % obj.status,
                              code='checkout_session_not_open',
                              checkout_session=obj._export())
        authenticate = try_convert_to_bool(
            True if authenticate in (None, '') else authenticate)
        if type(authenticate) is not bool:
            raise StripeError(400, 'authenticate must be true or false',
                              param='authenticate')

        pm = _resolve_payment_method(payment_method or 'pm_card_visa')
        if pm.type != 'card':
            raise StripeError(400, 'Only card payment methods can pay a test '
                              'Checkout Session', param='payment_method')

        if pm._attaching_is_declined():
            # localstripe only declines these numbers when attaching; in
            # Checkout (as at Stripe) the payment itself is declined.
            raise StripeError(402, 'Your card was declined.',
                              code='card_declined', type='card_error',
                              decline_code='generic_decline',
                              checkout_session=obj._export())

        pi = PaymentIntent._api_create(
            amount=obj.amount_total, currency=obj.currency,
            customer=obj.customer, payment_method=pm.id,
            metadata=dict(obj._pi_metadata))
        obj.payment_intent = pi.id
        try:
            pi._confirm(on_failure_now=pi._report_failure)
            if pi.status == 'requires_action':
                # The customer goes through 3-D Secure in the page.
                if authenticate:
                    PaymentIntent._api_authenticate(
                        pi.id, client_secret=pi.client_secret, success=True)
                else:
                    PaymentIntent._api_authenticate(
                        pi.id, client_secret=pi.client_secret, success=False)
                    schedule_webhook(Event('payment_intent.payment_failed',
                                           pi))
                    raise StripeError(
                        402, 'The provided PaymentMethod has failed '
                        'authentication.', type='card_error',
                        code='payment_intent_authentication_failure')
        except UserError as e:
            err = e.body.setdefault('error', {})
            if e.code == 402:
                err['type'] = 'card_error'
            err['payment_intent'] = pi._export()
            err['checkout_session'] = obj._export()
            raise

        if pi.status != 'succeeded':
            raise StripeError(402, 'The payment did not succeed (status %s).'
                              % pi.status, type='card_error',
                              code='payment_intent_unexpected_state',
                              payment_intent=pi._export(),
                              checkout_session=obj._export())

        if obj._setup_future_usage and obj.customer:
            PaymentMethod._api_attach(pm.id, customer=obj.customer)
            Customer._api_update(obj.customer, invoice_settings={
                'default_payment_method': pm.id})

        obj._complete(pi, pm)
        return obj


def _created_filter(created):
    """Stripe's `created` list filter: an exact Unix time, or a dict of
    `gt`, `gte`, `lt`, `lte` bounds.  Returns a predicate on `created`."""
    if created is None:
        return lambda t: True
    if type(created) is str:
        exact = try_convert_to_int(created)
        if type(exact) is not int:
            raise StripeError(400, 'Invalid integer: %s' % created,
                              param='created')
        return lambda t: t == exact
    if type(created) is not dict or not created:
        raise StripeError(400, 'Invalid created filter', param='created')
    ops = {'gt': lambda t, v: t > v, 'gte': lambda t, v: t >= v,
           'lt': lambda t, v: t < v, 'lte': lambda t, v: t <= v}
    bounds = []
    for op, value in created.items():
        if op not in ops:
            raise StripeError(400, 'Received unknown parameter: created[%s]'
                              % op, code='parameter_unknown',
                              param='created[%s]' % op)
        v = try_convert_to_int(value)
        if type(v) is not int:
            raise StripeError(400, 'Invalid integer: %s' % value,
                              param='created[%s]' % op)
        bounds.append((ops[op], v))
    return lambda t: all(f(t, v) for f, v in bounds)


def _list_payment_intents(cls, url, limit=None, starting_after=None,
                          customer=None, created=None, **kwargs):
    """localstripe lists PaymentIntents oldest first and takes no filter;
    Stripe lists newest first and filters by customer and creation time."""
    if kwargs:
        raise StripeError(400, 'Received unknown parameter: %s'
                          % sorted(kwargs)[0], code='parameter_unknown',
                          param=sorted(kwargs)[0])
    keep = _created_filter(created)
    li = List(url, limit=limit, starting_after=starting_after)
    intents = [v for k, v in store.items()
               if k.startswith(PaymentIntent.object + ':')]
    intents.reverse()
    if customer is not None:
        intents = [pi for pi in intents if pi.customer == customer]
    li._list = [pi for pi in intents if keep(pi.created)]
    return li


class _Plain(object):
    """Wraps a plain dict so localstripe's List can export it."""

    def __init__(self, data):
        self._data = data
        self.id = data.get('id')

    def _export(self, expand=None):
        return dict(self._data)


def _resolve_payment_method(payment_method):
    if type(payment_method) is not str:
        raise StripeError(400, 'Invalid payment_method',
                          param='payment_method')
    digits = payment_method.replace(' ', '')
    if len(digits) == 16 and digits.isdigit():
        return PaymentMethod(type='card', card={
            'number': digits, 'exp_month': '12', 'exp_year': '2034',
            'cvc': '123'})
    if not payment_method.startswith('pm_'):
        raise StripeError(400, 'Invalid payment_method: use a pm_ id or a '
                          '16-digit test card number', param='payment_method')
    try:
        return PaymentMethod._api_retrieve(payment_method)
    except UserError:
        raise StripeError(400, "No such PaymentMethod: '%s'" % payment_method,
                          code='resource_missing', param='payment_method')


# ---------------------------------------------------------------------------
# Fault injection, request log, optional idempotency.

class _State(object):
    def __init__(self):
        self.faults = []
        self.requests = []
        self.idempotency = False
        self.idem_cache = {}   # key -> (fingerprint, status, body, headers)
        self.idem_inflight = set()


STATE = _State()

_TEST_PREFIX = '/_test/'
_UNAUTHENTICATED_PREFIXES = ('/_test/', '/checkout/')


def _error_response(status, message, type='api_error', **extra):
    err = {'type': type, 'message': message}
    err.update(extra)
    return server.json_response({'error': err}, status=status)


def _take_fault(request):
    for fault in STATE.faults:
        if fault['remaining'] <= 0:
            continue
        if not request.path.startswith(fault['path_prefix']):
            continue
        if fault['method'] and fault['method'] != request.method:
            continue
        fault['remaining'] -= 1
        fault['hits'] += 1
        return fault
    return None


async def _with_idempotency(request, handler, entry):
    key = request.headers.get('Idempotency-Key')
    if not (STATE.idempotency and key and request.method == 'POST'):
        return await handler(request)
    body = await request.read()
    fp = hashlib.sha256(request.method.encode() + b' ' +
                        request.path.encode() + b'\n' + body).hexdigest()
    cached = STATE.idem_cache.get(key)
    if cached is not None:
        if cached[0] != fp:
            return _error_response(
                400, 'Keys for idempotent requests can only be used with the '
                'same parameters they were first used with. Try using a key '
                'other than \'%s\' if you meant to execute a different '
                'request.' % key, type='idempotency_error')
        entry['replayed'] = True
        resp = web.Response(status=cached[1], body=cached[2],
                            content_type='application/json')
        resp.headers['Idempotent-Replayed'] = 'true'
        resp.headers['Idempotency-Key'] = key
        return resp
    if key in STATE.idem_inflight:
        return _error_response(
            409, 'There is currently another in-progress request using this '
            'Idempotent Key (that probably means you submitted twice, and the '
            'other request is still going through): %s. Please try again '
            'later.' % key, type='invalid_request_error',
            code='idempotency_key_in_use')
    STATE.idem_inflight.add(key)
    try:
        resp = await handler(request)
        # Stripe saves the result once the endpoint started executing:
        # successes, declines and server errors, but not requests rejected
        # by validation.
        if resp.status not in (400, 401, 404, 409, 429) and \
                isinstance(resp, web.Response) and resp.body is not None:
            STATE.idem_cache[key] = (fp, resp.status, bytes(resp.body), None)
        resp.headers['Idempotency-Key'] = key
        return resp
    finally:
        STATE.idem_inflight.discard(key)


@web.middleware
async def fault_middleware(request, handler):
    """Outermost middleware: logs requests and injects faults.

    `before`: answered with the fault, never reaches the emulator.
    `after`: processed by the emulator, then its answer is replaced (the
             "Stripe did it but we never heard" case).
    `delay`: held for delay_ms, then processed normally.
    """
    if request.path.startswith(_TEST_PREFIX) or \
            request.path.startswith('/checkout/'):
        return await handler(request)

    entry = {
        'method': request.method,
        'path': request.path,
        'query': request.query_string,
        'idempotency_key': request.headers.get('Idempotency-Key'),
        'status': None,
        'fault': None,
        'replayed': False,
        'time': time.time(),
    }
    STATE.requests.append(entry)

    fault = _take_fault(request)
    if fault is not None:
        entry['fault'] = fault['mode']
    if fault is not None and fault['mode'] == 'before':
        resp = _error_response(fault['status'], 'injected')
        entry['status'] = resp.status
        return resp
    if fault is not None and fault['mode'] == 'delay':
        await asyncio.sleep(fault['delay_ms'] / 1000.0)

    try:
        resp = await _with_idempotency(request, handler, entry)
    except web.HTTPException as e:
        resp = e
    except Exception:
        entry['status'] = 500
        if fault is not None and fault['mode'] == 'after':
            return _error_response(fault['status'], 'injected')
        raise
    entry['status'] = resp.status

    if fault is not None and fault['mode'] == 'after':
        entry['processed_status'] = resp.status
        resp = _error_response(fault['status'], 'injected')
        entry['status'] = resp.status
    if isinstance(resp, web.HTTPException):
        raise resp
    return resp


async def _test_data(request):
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = await server.get_post_data(request)
    return dict(data or {})


async def add_fault(request):
    data = await _test_data(request)
    prefix = data.get('path_prefix')
    if not prefix or type(prefix) is not str or not prefix.startswith('/'):
        raise StripeError(400, 'path_prefix (starting with /) is required',
                          param='path_prefix')
    mode = data.get('mode') or 'before'
    if mode not in ('before', 'after', 'delay'):
        raise StripeError(400, 'mode must be before, after or delay',
                          param='mode')
    count = try_convert_to_int(data.get('count', 1))
    status = try_convert_to_int(data.get('status', 500))
    delay_ms = try_convert_to_int(data.get('delay_ms', 0))
    if type(count) is not int or count < 1:
        raise StripeError(400, 'count must be a positive integer',
                          param='count')
    if type(status) is not int or not 100 <= status <= 599:
        raise StripeError(400, 'status must be an HTTP status', param='status')
    if type(delay_ms) is not int or delay_ms < 0:
        raise StripeError(400, 'delay_ms must be a non-negative integer',
                          param='delay_ms')
    if mode == 'delay' and delay_ms == 0:
        raise StripeError(400, 'mode=delay needs delay_ms', param='delay_ms')
    method = data.get('method') or None
    fault = {
        'id': 'fault_%d' % (len(STATE.faults) + 1),
        'path_prefix': prefix,
        'method': method.upper() if method else None,
        'count': count,
        'remaining': count,
        'hits': 0,
        'mode': mode,
        'status': status,
        'delay_ms': delay_ms,
    }
    STATE.faults.append(fault)
    return server.json_response(fault)


async def list_faults(request):
    return server.json_response({'data': STATE.faults})


async def clear_faults(request):
    STATE.faults.clear()
    return server.json_response({'data': []})


async def list_requests(request):
    return server.json_response({'data': STATE.requests})


async def clear_requests(request):
    STATE.requests.clear()
    return server.json_response({'data': []})


async def set_idempotency(request):
    data = await _test_data(request)
    enabled = try_convert_to_bool(data.get('enabled', True))
    if type(enabled) is not bool:
        raise StripeError(400, 'enabled must be true or false',
                          param='enabled')
    STATE.idempotency = enabled
    if not enabled:
        STATE.idem_cache.clear()
    return server.json_response({'enabled': enabled})


# ---------------------------------------------------------------------------
# The hosted page.

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Checkout {id}</title></head>
<body>
<h1>Test checkout</h1>
<p id="status">Status: <b>{status}</b> / {payment_status}</p>
<p>{items}</p>
<p>Total: <b>{amount} {currency}</b></p>
{error}
{form}
{cancel}
</body></html>
"""


def _render_page(session, error=None):
    items = '<br>'.join(
        '%s &times; %d' % (html.escape(i['description']), i['quantity'])
        for i in session._line_items)
    form = ''
    if session.status == 'open':
        form = ('<form method="post" action="/checkout/%s/pay">'
                '<input type="hidden" name="payment_method" '
                'value="pm_card_visa">'
                '<button type="submit">Pay</button></form>' % session.id)
    cancel = ''
    if session.cancel_url and session.status == 'open':
        cancel = '<p><a href="%s">Cancel</a></p>' % html.escape(
            session.cancel_url, quote=True)
    return _PAGE.format(
        id=html.escape(session.id), status=session.status,
        payment_status=session.payment_status, items=items,
        amount='%d.%02d' % divmod(session.amount_total, 100),
        currency=html.escape(session.currency.upper()),
        error='<p id="error">%s</p>' % html.escape(error) if error else '',
        form=form, cancel=cancel)


async def checkout_page(request):
    try:
        session = CheckoutSession._api_retrieve(request.match_info['id'])
    except UserError:
        return web.Response(status=404, text='No such checkout session\n')
    return web.Response(text=_render_page(session), content_type='text/html')


async def checkout_page_pay(request):
    data = await server.get_post_data(request) or {}
    id = request.match_info['id']
    try:
        session = CheckoutSession._api_test_pay(
            id, payment_method=data.get('payment_method') or None)
    except UserError as e:
        try:
            session = CheckoutSession._api_retrieve(id)
        except UserError:
            return web.Response(status=404, text='No such checkout session\n')
        return web.Response(status=e.code, content_type='text/html',
                            text=_render_page(session, e.body['error'].get(
                                'message', 'payment failed')))
    if session.success_url:
        raise web.HTTPSeeOther(session.success_url.replace(
            '{CHECKOUT_SESSION_ID}', session.id))
    return web.Response(text=_render_page(session), content_type='text/html')


# ---------------------------------------------------------------------------

def install(app):
    """Adds Checkout Sessions, the test routes and the fault middleware to
    localstripe's aiohttp app.  Must run before the app starts."""

    @web.middleware
    async def auth_middleware(request, handler):
        # The test routes and the customer's page need no key, like
        # localstripe's own /_config/ routes; everything else keeps
        # localstripe's auth.
        if request.path.startswith(_UNAUTHENTICATED_PREFIXES):
            return await handler(request)
        return await server.auth_middleware(request, handler)

    PaymentIntent._api_list_all = classmethod(_list_payment_intents)

    middlewares = app.middlewares
    idx = list(middlewares).index(server.auth_middleware)
    middlewares[idx] = auth_middleware
    middlewares.insert(0, fault_middleware)

    url = '/v1/checkout/sessions'
    # Sub-resources first, like localstripe's own extra routes.
    for method, path, func in (
            ('POST', url + '/{id}/expire', CheckoutSession._api_expire),
            ('GET', url + '/{id}/line_items',
             CheckoutSession._api_list_line_items),
            ('POST', '/_test/checkout/sessions/{id}/pay',
             CheckoutSession._api_test_pay),
            ('POST', '/_test/checkout/sessions/{id}/expire_now',
             CheckoutSession._api_expire)):
        app.router.add_route(method, path, server.api_extra(func, path))
    app.router.add_route('POST', url,
                         server.api_create(CheckoutSession, url))
    app.router.add_route('GET', url + '/{id}',
                         server.api_retrieve(CheckoutSession, url))
    app.router.add_route('GET', url,
                         server.api_list_all(CheckoutSession, url))

    app.router.add_route('POST', '/_test/faults', add_fault)
    app.router.add_route('GET', '/_test/faults', list_faults)
    app.router.add_route('DELETE', '/_test/faults', clear_faults)
    app.router.add_route('GET', '/_test/requests', list_requests)
    app.router.add_route('DELETE', '/_test/requests', clear_requests)
    app.router.add_route('POST', '/_test/idempotency', set_idempotency)
    app.router.add_route('GET', '/checkout/{id}', checkout_page)
    app.router.add_route('POST', '/checkout/{id}/pay', checkout_page_pay)
