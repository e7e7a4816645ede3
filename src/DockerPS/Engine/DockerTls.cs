using System.IO;
using System.Net.Security;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;

namespace DockerPS.Engine;

/// <summary>Turns an endpoint's TLS settings into the client's certificate handling.</summary>
internal static class DockerTls
{
    public static IAuthProvider CreateAuthProvider(DockerEndpoint endpoint)
    {
        var tls = endpoint.Tls;
        if (tls is null)
        {
            return NoopAuthProvider.Instance;
        }

        var clientCertificate = tls.CertificatePath is { } cert && tls.KeyPath is { } key && File.Exists(cert) && File.Exists(key)
            ? DockerTlsCertificates.LoadCertificateFromPemFiles(cert, key)
            : null;
        var credentials = new CertificateCredentials(clientCertificate);
        if (!tls.Verify)
        {
            credentials.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (tls.CertificateAuthorityPath is { } caPath && File.Exists(caPath))
        {
            var trustsCa = DockerTlsCertificates.CreateCertificateAuthorityValidationCallback(
                DockerTlsCertificates.LoadCertificateAuthorityFromPemFile(caPath));

            // The CA check alone ignores the host name; the docker CLI insists on both.
            credentials.ServerCertificateValidationCallback = (sender, certificate, chain, errors) =>
                (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
                && trustsCa(sender, certificate, chain, errors);
        }
        else
        {
            credentials.ServerCertificateValidationCallback = (_, _, _, errors) => errors == SslPolicyErrors.None;
        }

        return credentials;
    }
}
