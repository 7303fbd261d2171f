/* careen - offline disk-image toolkit
 * --mac MAC:ip:... on Windows: the static addresses are set at the
 * first boot by a PowerShell script (convert-windows-firstboot.c runs
 * it after the virtio drivers are installed), because the adapter
 * that has the MAC only exists once Windows has found the new NIC and
 * its driver.  The script waits for each adapter (up to two minutes),
 * turns DHCP off for the address's family, replaces the IPv4
 * addresses (IPv6 keeps its link-local one), and sets the gateway and
 * the DNS servers.  It needs the NetTCPIP cmdlets: Windows 8 and
 * Server 2012 or later.
 *
 * The values are canonical addresses (static-ip.c): digits, hex
 * letters, '.' and ':', safe inside PowerShell's single quotes.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert-windows.h"

/* Seconds the script waits for an adapter, in steps of two. */
#define ADAPTER_WAIT_STEPS 60

static const char script_head[] =
  "# Sets the static addresses given to virt-v2v --mac on the network\n"
  "# adapters with those MAC addresses.\n"
  "function Set-V2vAddress ($Mac, $Family, $Address, $Prefix, $Gateway,"
  " $Dns) {\n"
  "  $nic = $null\n"
  "  for ($try = 0; $try -lt %d -and -not $nic; $try++) {\n"
  "    $nic = Get-NetAdapter | Where-Object { $_.MacAddress -eq $Mac }\n"
  "    if (-not $nic) { Start-Sleep -Seconds 2 }\n"
  "  }\n"
  "  if (-not $nic) {\n"
  "    Write-Output \"no network adapter has the MAC address $Mac\"\n"
  "    return\n"
  "  }\n"
  "  $if = $nic.ifIndex\n"
  "  Set-NetIPInterface -InterfaceIndex $if -AddressFamily $Family"
  " -Dhcp Disabled\n"
  "  if ($Family -eq 'IPv4') {\n"
  "    Remove-NetIPAddress -InterfaceIndex $if -AddressFamily IPv4"
  " -Confirm:$false -ErrorAction SilentlyContinue\n"
  "  }\n"
  "  if ($Gateway) {\n"
  "    New-NetIPAddress -InterfaceIndex $if -AddressFamily $Family"
  " -IPAddress $Address -PrefixLength $Prefix -DefaultGateway $Gateway\n"
  "  } else {\n"
  "    New-NetIPAddress -InterfaceIndex $if -AddressFamily $Family"
  " -IPAddress $Address -PrefixLength $Prefix\n"
  "  }\n"
  "  if ($Dns.Count -gt 0) {\n"
  "    Set-DnsClientServerAddress -InterfaceIndex $if"
  " -ServerAddresses $Dns\n"
  "  }\n"
  "}\n";

char *
winconv_static_ip_script (const struct v2v_convert_options *o)
{
  char *buf = NULL;
  size_t size = 0, k, n;
  FILE *fp;

  if (o->nr_static_ips == 0)
    return NULL;
  fp = open_memstream (&buf, &size);
  if (fp == NULL)
    return NULL;
  fprintf (fp, script_head, ADAPTER_WAIT_STEPS);
  for (k = 0; k < o->nr_static_ips; ++k) {
    const struct v2v_static_ip *ip = &o->static_ips[k];
    char mac[18];

    /* Get-NetAdapter writes MACs as 52-54-00-AA-BB-CC. */
    for (n = 0; n < 17; ++n)
      mac[n] = ip->mac[n] == ':' ? '-' :
        (ip->mac[n] >= 'a' && ip->mac[n] <= 'f') ?
        ip->mac[n] - 'a' + 'A' : ip->mac[n];
    mac[17] = '\0';
    fprintf (fp, "Set-V2vAddress -Mac '%s' -Family %s -Address '%s'"
             " -Prefix %d -Gateway '%s' -Dns @(",
             mac, ip->ipv6 ? "IPv6" : "IPv4", ip->address, ip->prefix,
             ip->gateway);
    for (n = 0; n < ip->nr_nameservers; ++n)
      fprintf (fp, "%s'%s'", n > 0 ? ", " : "", ip->nameservers[n]);
    fprintf (fp, ")\n");
  }
  if (fclose (fp) == EOF) {
    free (buf);
    return NULL;
  }
  return buf;
}
