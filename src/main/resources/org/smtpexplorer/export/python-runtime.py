import base64
import binascii
import hashlib
import hmac
import os
import re
import smtplib
import ssl
import sys

# With --keep-going the script sends every saved step whatever the server answers; without, it stops (and QUITs)
# at the first reply of another class than the saved session got.
KEEP_GOING = '--keep-going' in sys.argv[1:]


class Differs(Exception):
    pass


def show(prefix, text):
    """Prints a line with control characters and invisible formatting escaped: server text cannot forge a line."""
    print(prefix + ''.join(c if c.isprintable() else ('\\x%02x' % ord(c) if ord(c) < 0x100 else '\\u%04x' % ord(c))
                           for c in text), flush=True)


def password():
    value = os.environ.get(PASSWORD_ENV)
    if value is None:
        sys.exit('set the environment variable %s to the password (or token) of %s' % (PASSWORD_ENV, USER))
    return value.encode('utf-8')


def tls_context():
    context = ssl.create_default_context()
    for pem in TRUST:
        context.load_verify_locations(cafile=pem)
    if INSECURE:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def read(expected):
    code, text = smtp.getreply()
    lines = text.decode('utf-8', 'replace').split('\n')
    for i, line in enumerate(lines):
        show('S: %d%s' % (code, ' ' if i == len(lines) - 1 else '-'), line)
    if expected and code // 100 != expected // 100 and not KEEP_GOING:
        raise Differs('the saved session got %d here' % expected)
    return code, text


def send(lines, payload=b'', shown=None):
    for line in lines:
        show('C: ', line)
    if shown:
        show('C: ', shown)
    smtp.send(b''.join(line.encode('utf-8') + b'\r\n' for line in lines) + payload)


def greeting(expected):
    global smtp
    show('* ', 'Connecting to %s port %d' % (HOST, PORT))
    smtp = smtplib.SMTP_SSL(context=tls_context(), timeout=TIMEOUT) if IMPLICIT else smtplib.SMTP(timeout=TIMEOUT)
    smtp._host = HOST
    smtp.sock = smtp._get_socket(HOST, PORT, TIMEOUT)
    if IMPLICIT:
        show('* ', 'TLS established: %s %s' % (smtp.sock.version(), smtp.sock.cipher()[0]))
    return read(expected)


def command(line, expected):
    send([line])
    return read(expected)


def starttls(expected):
    send(['STARTTLS'])
    code, text = read(expected)
    if code == 220:
        smtp.sock = tls_context().wrap_socket(smtp.sock, server_hostname=HOST)
        smtp.file = None
        show('* ', 'TLS established: %s %s' % (smtp.sock.version(), smtp.sock.cipher()[0]))
    return code, text


def wire_body():
    body = open(MESSAGE_FILE, 'rb').read()
    return re.sub(rb'\r\n|\r|\n', b'\r\n', body) if NORMALISE else body


def flight(lines, expected, bdat=None):
    """Commands sent in one write, as the saved session pipelined them; then every reply, in order."""
    global offset
    payload = b''
    shown = None
    if bdat is not None:
        size, last = bdat
        payload = BODY[offset:offset + size]
        offset += size
        lines = lines + ['BDAT %d%s' % (size, ' LAST' if last else '')]
        shown = '[BDAT chunk: %d bytes]' % len(payload)
    send(lines, payload, shown)
    return [read(e) for e in expected]


def message(expected):
    """The message after DATA: line ends as CRLF, dot-stuffed, ended by CRLF.CRLF (RFC 5321 §4.5.2)."""
    body = re.sub(rb'(?m)^\.', b'..', re.sub(rb'\r\n|\r|\n', b'\r\n', open(MESSAGE_FILE, 'rb').read()))
    if body and not body.endswith(b'\r\n'):
        body += b'\r\n'
    send([], body + b'.\r\n', '[message: %d bytes]' % len(body))
    return read(expected)


def b64(data):
    return base64.b64encode(data).decode('ascii')


def auth(mechanism, respond, initial, expected):
    first = respond(None) if initial else None
    line = 'AUTH ' + mechanism
    show('C: ', line + ('' if first is None else ' <redacted>'))
    smtp.send((line + ('' if first is None else ' ' + (b64(first) or '=')) + '\r\n').encode('ascii'))
    code, text = read(None)
    while code == 334:
        try:
            challenge = base64.b64decode(text, validate=True)
        except binascii.Error:
            challenge = b''
        answer = respond(challenge)
        show('C: ', '<redacted>')
        smtp.send(b64(answer).encode('ascii') + b'\r\n')
        code, text = read(None)
    if expected and code // 100 != expected // 100 and not KEEP_GOING:
        raise Differs('the saved session got %d here' % expected)
    return code, text


def saslname(name):
    return name.replace(b'=', b'=3D').replace(b',', b'=2C')


def plain():
    return lambda challenge: b'\0' + USER.encode('utf-8') + b'\0' + password()


def login():
    answers = [USER.encode('utf-8'), password()]
    return lambda challenge: answers.pop(0) if answers else b''


def cram_md5():
    return lambda challenge: USER.encode('utf-8') + b' ' + hmac.new(password(), challenge, 'md5').hexdigest().encode()


def xoauth2():
    answers = [b'user=' + USER.encode('utf-8') + b'\x01auth=Bearer ' + password() + b'\x01\x01']
    return lambda challenge: answers.pop(0) if answers else b''


def oauthbearer():
    answers = [b'n,a=' + saslname(USER.encode('utf-8')) + b',\x01host=' + HOST.encode('ascii') + b'\x01port='
               + str(PORT).encode('ascii') + b'\x01auth=Bearer ' + password() + b'\x01\x01']
    return lambda challenge: answers.pop(0) if answers else b''


def scram(hash_name):
    """SCRAM (RFC 5802) with the client's proof and a check of the server's signature."""
    state = {}

    def respond(challenge):
        if 'nonce' not in state:
            state['nonce'] = base64.b64encode(os.urandom(18))
            state['bare'] = b'n=' + saslname(USER.encode('utf-8')) + b',r=' + state['nonce']
            return b'n,,' + state['bare']
        if 'signature' not in state:
            fields = dict(f.split(b'=', 1) for f in challenge.split(b','))
            if not fields[b'r'].startswith(state['nonce']):
                raise Differs('SCRAM: the server did not extend our nonce')
            salted = hashlib.pbkdf2_hmac(hash_name, password(), base64.b64decode(fields[b's']), int(fields[b'i']))
            client_key = hmac.new(salted, b'Client Key', hash_name).digest()
            without_proof = b'c=biws,r=' + fields[b'r']
            message = state['bare'] + b',' + challenge + b',' + without_proof
            signature = hmac.new(hashlib.new(hash_name, client_key).digest(), message, hash_name).digest()
            proof = bytes(a ^ b for a, b in zip(client_key, signature))
            server_key = hmac.new(salted, b'Server Key', hash_name).digest()
            state['signature'] = b'v=' + base64.b64encode(hmac.new(server_key, message, hash_name).digest())
            return without_proof + b',p=' + base64.b64encode(proof)
        if challenge != state['signature']:
            raise Differs('SCRAM: the server\'s signature is wrong: it does not know the password')
        return b''
    return respond


def finish():
    """After a step went otherwise than in the saved session: QUIT, reading whatever replies are still due."""
    try:
        smtp.send(b'QUIT\r\n')
        show('C: ', 'QUIT')
        for _ in range(20):
            code, _ = read(None)
            if code == 221:
                break
    except (OSError, smtplib.SMTPException):
        pass


def run(main):
    try:
        main()
    except Differs as e:
        show('! ', 'stopped: ' + str(e) + ' (--keep-going sends the rest anyway)')
        finish()
        sys.exit(1)
    except (OSError, smtplib.SMTPException) as e:
        show('! ', '%s: %s' % (type(e).__name__, e))
        sys.exit(2)
