using System.IO;
using System.Management.Automation;
using System.Net.Sockets;
using DockerPS.Errors;
using Xunit;

namespace DockerPS.Tests;

/// <summary>Input/output failures: the engine's connection is a connection error, a local file is not.</summary>
public class DockerErrorMapperIoTests
{
    [Fact]
    public void Classify_SocketFailureIsAConnectionError()
    {
        var (category, id, _) = DockerErrorMapper.Classify(new SocketException((int)SocketError.ConnectionReset));

        Assert.Equal(ErrorCategory.ConnectionError, category);
        Assert.Equal("EngineConnectionLost", id);
    }

    [Fact]
    public void Classify_StreamBrokenByTheSocketIsAConnectionError()
    {
        var failure = new IOException("Unable to read data from the transport connection.", new SocketException((int)SocketError.ConnectionReset));

        Assert.Equal(ErrorCategory.ConnectionError, DockerErrorMapper.Classify(failure).Category);
    }

    [Fact]
    public void Classify_LocalFileFailureIsNotALostEngine()
    {
        var (category, id, message) = DockerErrorMapper.Classify(new IOException("No space left on device"));

        Assert.Equal(ErrorCategory.ResourceUnavailable, category);
        Assert.Equal("IOError", id);
        Assert.Equal("No space left on device", message);
    }

    [Fact]
    public void Classify_CorruptDataIsInvalidData()
    {
        Assert.Equal(ErrorCategory.InvalidData, DockerErrorMapper.Classify(new InvalidDataException("truncated")).Category);
    }

    [Fact]
    public void Classify_MissingFileIsObjectNotFound()
    {
        Assert.Equal(ErrorCategory.ObjectNotFound, DockerErrorMapper.Classify(new FileNotFoundException("gone", "/x")).Category);
    }
}
