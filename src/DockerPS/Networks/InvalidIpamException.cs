namespace DockerPS.Networks;

/// <summary>A -Subnet, -IPRange or -Gateway value New-DockerNetwork cannot use; the error id says which parameter.</summary>
internal sealed class InvalidIpamException : ArgumentException
{
    public InvalidIpamException(string errorId, string value, string message)
        : base(message)
    {
        ErrorId = errorId;
        Value = value;
    }

    /// <summary>InvalidSubnet, InvalidIPRange or InvalidGateway.</summary>
    public string ErrorId { get; }

    /// <summary>The value refused, the error's target.</summary>
    public string Value { get; }
}
