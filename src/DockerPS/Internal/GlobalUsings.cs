// The namespaces nearly every file needs. Docker.DotNet.Models stays a per-file using: its Version,
// Platform and TaskStatus would hide the System types of those names.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using System.Management.Automation;
global using System.Threading;
global using System.Threading.Tasks;
global using Docker.DotNet;
global using DockerPS.Cmdlets;
global using DockerPS.Engine;
global using DockerPS.Errors;
